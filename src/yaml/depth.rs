//! How deep a YAML document nests, found in one linear pass before the
//! backend sees it.
//!
//! The backend's scanner (libyaml) walks every open flow collection for
//! each token it reads, so `x: [[[[…` costs the square of its length (an
//! 80 KB page took 10 s), and the backend's own recursion limit applies
//! only after the whole document has been scanned. This pass finds the
//! first collection that goes deeper than [`MAX_DEPTH`] without paying for
//! depth, so such a document is refused before the backend reads it.
//!
//! A `[` is a collection only where a token starts: inside a quoted, plain
//! or block scalar, a comment, a tag or a directive it is text. So this
//! follows the backend scanner's rules for where tokens start and end
//! (including its block indentation, which decides where a block scalar
//! or a multi-line plain scalar stops). Where the backend would stop with
//! an error this reads on, which can only count more, never less, than
//! the backend would have built.

/// The deepest nesting (flow and block collections together) allowed.
/// Front matter is a flat list of keys; the backend refuses beyond 128.
pub const MAX_DEPTH: usize = 64;

/// The byte offset of the first collection nested deeper than `limit`.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        at: 0,
        line: 0,
        column: 0,
        flow_level: 0,
        indent: -1,
        indents: Vec::new(),
        simple_key_allowed: true,
        simple_key: None,
        limit,
    };
    scanner.run().err()
}

/// Where a possible simple key (a mapping key without `?`) started.
#[derive(Clone, Copy)]
struct Mark {
    at: usize,
    line: usize,
    column: isize,
}

/// The state of libyaml's scanner that decides where tokens start.
struct Scanner<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
    /// In characters, as the backend counts columns.
    column: isize,
    flow_level: usize,
    /// The column of the innermost block collection; -1 outside any.
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    /// The possible simple key of block context; keys inside flow
    /// collections never open a block collection, so are not kept.
    simple_key: Option<Mark>,
    limit: usize,
}

/// The offset of a collection past the limit.
type TooDeep = usize;

impl Scanner<'_> {
    fn run(&mut self) -> Result<(), TooDeep> {
        loop {
            self.skip_to_next_token();
            self.unroll_indent(self.column);
            let Some(byte) = self.peek(0) else {
                return Ok(());
            };
            if self.column == 0 && byte == b'%' {
                self.end_of_document();
                self.skip_line_content();
                self.skip_break();
                continue;
            }
            if self.column == 0 && self.at_document_indicator() {
                self.end_of_document();
                self.advance_chars(3);
                continue;
            }
            let blankz_next = self.is_blankz(1);
            match byte {
                b'[' | b'{' => {
                    self.save_simple_key();
                    self.flow_level += 1;
                    self.check_depth()?;
                    self.simple_key_allowed = true;
                    self.advance_chars(1);
                }
                b']' | b'}' => {
                    self.remove_simple_key();
                    self.flow_level = self.flow_level.saturating_sub(1);
                    self.simple_key_allowed = false;
                    self.advance_chars(1);
                }
                b',' => {
                    self.remove_simple_key();
                    self.simple_key_allowed = true;
                    self.advance_chars(1);
                }
                b'-' if blankz_next => {
                    self.roll_indent(self.column)?;
                    self.remove_simple_key();
                    self.simple_key_allowed = true;
                    self.advance_chars(1);
                }
                b'?' if self.flow_level > 0 || blankz_next => {
                    self.roll_indent(self.column)?;
                    self.remove_simple_key();
                    self.simple_key_allowed = self.flow_level == 0;
                    self.advance_chars(1);
                }
                b':' if self.flow_level > 0 || blankz_next => {
                    self.value()?;
                    self.advance_chars(1);
                }
                b'*' | b'&' => {
                    self.save_simple_key();
                    self.simple_key_allowed = false;
                    self.advance_chars(1);
                    self.skip_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
                }
                b'!' => {
                    self.save_simple_key();
                    self.simple_key_allowed = false;
                    self.tag();
                }
                b'|' | b'>' if self.flow_level == 0 => {
                    self.remove_simple_key();
                    self.simple_key_allowed = true;
                    self.block_scalar();
                }
                b'\'' | b'"' => {
                    self.save_simple_key();
                    self.simple_key_allowed = false;
                    self.quoted_scalar(byte);
                }
                _ if self.starts_plain_scalar(byte) => {
                    self.save_simple_key();
                    self.simple_key_allowed = false;
                    self.plain_scalar();
                }
                // The backend stops here with an error; reading on only
                // counts more.
                _ => self.advance_chars(1),
            }
        }
    }

    fn check_depth(&self) -> Result<(), TooDeep> {
        if self.flow_level + self.indents.len() > self.limit {
            return Err(self.at);
        }
        Ok(())
    }

    /// A `:` value indicator: in block context it opens a mapping at the
    /// column of its key.
    fn value(&mut self) -> Result<(), TooDeep> {
        if self.flow_level > 0 {
            self.simple_key_allowed = false;
            return Ok(());
        }
        let key = self.simple_key.take().filter(|key| {
            // A key the backend has given up on: on an earlier line, or
            // over 1024 bytes back.
            key.line == self.line && key.at + 1024 >= self.at
        });
        match key {
            Some(key) => {
                self.roll_indent(key.column)?;
                self.simple_key_allowed = false;
            }
            None => {
                self.roll_indent(self.column)?;
                self.simple_key_allowed = true;
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) {
        if self.flow_level == 0 && self.simple_key_allowed {
            self.simple_key = Some(Mark {
                at: self.at,
                line: self.line,
                column: self.column,
            });
        }
    }

    fn remove_simple_key(&mut self) {
        if self.flow_level == 0 {
            self.simple_key = None;
        }
    }

    fn roll_indent(&mut self, column: isize) -> Result<(), TooDeep> {
        if self.flow_level == 0 && self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            self.check_depth()?;
        }
        Ok(())
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    /// A directive or a document marker closes every block collection.
    fn end_of_document(&mut self) {
        self.unroll_indent(-1);
        self.remove_simple_key();
        self.simple_key_allowed = false;
    }

    /// Spaces, comments and line breaks before a token.
    fn skip_to_next_token(&mut self) {
        loop {
            if self.column == 0 && self.text[self.at..].starts_with("\u{feff}".as_bytes()) {
                self.advance_chars(1);
            }
            while self.peek(0) == Some(b' ')
                || (self.flow_level > 0 || !self.simple_key_allowed) && self.peek(0) == Some(b'\t')
            {
                self.advance_chars(1);
            }
            if self.peek(0) == Some(b'#') {
                self.skip_line_content();
            }
            if !self.skip_break() {
                return;
            }
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    fn starts_plain_scalar(&self, byte: u8) -> bool {
        let indicator = b"-?:,[]{}#&*!|>'\"%@`".contains(&byte);
        !(self.is_blankz(0) || indicator)
            || byte == b'-' && !self.is_blank(1)
            || self.flow_level == 0 && matches!(byte, b'?' | b':') && !self.is_blankz(1)
    }

    fn plain_scalar(&mut self) {
        let indent = self.indent + 1;
        let mut after_break = false;
        loop {
            if self.column == 0 && self.at_document_indicator() || self.peek(0) == Some(b'#') {
                break;
            }
            while let Some(byte) = self.peek(0).filter(|_| !self.is_blankz(0)) {
                let ends = byte == b':' && self.is_blankz(1)
                    || self.flow_level > 0
                        && (matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
                            || byte == b':'
                                && matches!(
                                    self.peek(1),
                                    Some(b',' | b'?' | b'[' | b']' | b'{' | b'}')
                                ));
                if ends {
                    break;
                }
                after_break = false;
                self.advance_chars(1);
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            loop {
                if self.is_blank(0) {
                    self.advance_chars(1);
                } else if self.skip_break() {
                    after_break = true;
                } else {
                    break;
                }
            }
            if self.flow_level == 0 && self.column < indent {
                break;
            }
        }
        if after_break {
            self.simple_key_allowed = true;
        }
    }

    fn quoted_scalar(&mut self, quote: u8) {
        self.advance_chars(1);
        loop {
            if self.column == 0 && self.at_document_indicator() {
                return;
            }
            let Some(byte) = self.peek(0) else {
                return;
            };
            if quote == b'\'' && byte == b'\'' && self.peek(1) == Some(b'\'') {
                self.advance_chars(2);
            } else if byte == quote {
                self.advance_chars(1);
                return;
            } else if quote == b'"' && byte == b'\\' {
                self.advance_chars(1);
                if !self.skip_break() {
                    self.advance_chars(1);
                }
            } else if !self.skip_break() {
                self.advance_chars(1);
            }
        }
    }

    /// `|` or `>`: its header, then every line indented at least as far as
    /// its content.
    fn block_scalar(&mut self) {
        self.advance_chars(1);
        let mut increment = 0;
        for _ in 0..2 {
            match self.peek(0) {
                Some(b'+' | b'-') => self.advance_chars(1),
                Some(digit @ b'1'..=b'9') if increment == 0 => {
                    increment = isize::from(digit - b'0');
                    self.advance_chars(1);
                }
                _ => break,
            }
        }
        self.skip_while(|b| b == b' ' || b == b'\t');
        if self.peek(0) == Some(b'#') {
            self.skip_line_content();
        }
        if !self.is_blankz(0) {
            return;
        }
        self.skip_break();
        let mut indent = match increment {
            0 => 0,
            _ if self.indent >= 0 => self.indent + increment,
            _ => increment,
        };
        if !self.block_scalar_breaks(&mut indent) {
            return;
        }
        while self.column == indent && self.peek(0).is_some() {
            self.skip_line_content();
            self.skip_break();
            if !self.block_scalar_breaks(&mut indent) {
                return;
            }
        }
    }

    /// Indentation and empty lines inside a block scalar; settles its
    /// indentation when the header did not give it. False where the
    /// backend stops at a tab.
    fn block_scalar_breaks(&mut self, indent: &mut isize) -> bool {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || self.column < *indent) && self.peek(0) == Some(b' ') {
                self.advance_chars(1);
            }
            max_indent = max_indent.max(self.column);
            if (*indent == 0 || self.column < *indent) && self.peek(0) == Some(b'\t') {
                return false;
            }
            if !self.skip_break() {
                break;
            }
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        true
    }

    /// `!tag`, `!!tag` or `!<verbatim>`: only a verbatim tag may hold
    /// brackets and commas.
    fn tag(&mut self) {
        let verbatim = self.peek(1) == Some(b'<');
        self.advance_chars(if verbatim { 2 } else { 1 });
        self.skip_while(|b| {
            b.is_ascii_alphanumeric()
                || b";/?:@&=+$.%!~*'()_-".contains(&b)
                || verbatim && matches!(b, b',' | b'[' | b']')
        });
        if verbatim && self.peek(0) == Some(b'>') {
            self.advance_chars(1);
        }
    }

    fn at_document_indicator(&self) -> bool {
        let rest = &self.text[self.at..];
        (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.is_blankz(3)
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.text.get(self.at + ahead).copied()
    }

    fn is_blank(&self, ahead: usize) -> bool {
        matches!(self.peek(ahead), Some(b' ' | b'\t'))
    }

    /// A line break as the backend knows them, and its length in bytes.
    fn break_len(&self, ahead: usize) -> Option<usize> {
        let rest = self.text.get(self.at + ahead..)?;
        match rest {
            [b'\r', b'\n', ..] => Some(2),
            [b'\r' | b'\n', ..] => Some(1),
            [0xC2, 0x85, ..] => Some(2),
            [0xE2, 0x80, 0xA8 | 0xA9, ..] => Some(3),
            _ => None,
        }
    }

    fn is_break(&self, ahead: usize) -> bool {
        self.break_len(ahead).is_some()
    }

    fn is_blankz(&self, ahead: usize) -> bool {
        matches!(self.peek(ahead), None | Some(b'\0'))
            || self.is_blank(ahead)
            || self.is_break(ahead)
    }

    fn skip_break(&mut self) -> bool {
        match self.break_len(0) {
            Some(len) => {
                self.at += len;
                self.line += 1;
                self.column = 0;
                true
            }
            None => false,
        }
    }

    /// To the end of the line, leaving the break.
    fn skip_line_content(&mut self) {
        while self.peek(0).is_some() && !self.is_break(0) {
            self.advance_chars(1);
        }
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.peek(0).is_some_and(&keep) {
            self.advance_chars(1);
        }
    }

    /// Moves over `count` characters (not line breaks) of the line.
    fn advance_chars(&mut self, count: usize) {
        for _ in 0..count {
            let Some(byte) = self.peek(0) else {
                return;
            };
            self.at += match byte {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            self.column += 1;
        }
    }
}
