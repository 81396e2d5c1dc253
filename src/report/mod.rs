//! Writing results for people and machines.

pub mod facts;
