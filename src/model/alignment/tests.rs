//! How segments are paired and their changes shown.

use super::*;

fn english(texts: &[&'static str]) -> Vec<English<'static>> {
    texts.iter().map(|text| English::new(text)).collect()
}

/// `realign` on the first segments of `old` and `new`, all in play.
fn realigned(old: &[&'static str], new: &[&'static str]) -> Option<Skip> {
    let left: Vec<usize> = (0..old.len()).collect();
    let right: Vec<usize> = (0..new.len()).collect();
    realign(&english(old), &english(new), &left, &right)
}

const EDITED: &str = "Lists the users in the organization.";
const LIKE: &str = "Lists all the users in the organization.";
const OTHER: &str = "Each page returns at most 100 users.";
const UNLIKE: &str = "Deleted accounts are kept for thirty days.";

#[test]
fn unlike_segments_are_paired_with_the_like_one_further_on() {
    // Alike: paired as they come.
    assert_eq!(realigned(&[EDITED], &[LIKE]), None);
    // A sentence inserted before the edited one: it is added.
    assert_eq!(realigned(&[EDITED], &[OTHER, LIKE]), Some(Skip::Added(1)));
    // One removed before it: it is removed.
    assert_eq!(
        realigned(&[UNLIKE, EDITED], &[LIKE]),
        Some(Skip::Removed(1))
    );
    // Nothing like either further on: paired in order.
    assert_eq!(realigned(&[EDITED], &[OTHER, UNLIKE]), None);
    // As near either way: the newest English's is taken as added.
    assert_eq!(
        realigned(
            &[EDITED, OTHER],
            &["Each page returns at most 200 users.", LIKE]
        ),
        Some(Skip::Added(1))
    );
    // Nearer one way: that way.
    assert_eq!(
        realigned(&[UNLIKE, EDITED], &[LIKE, OTHER, UNLIKE]),
        Some(Skip::Removed(1))
    );
}

#[test]
fn a_like_segment_is_looked_for_eight_segments_on_and_no_further() {
    let mut new = vec![OTHER; MAX_REALIGN - 1];
    new.push(LIKE);
    assert_eq!(
        realigned(&[EDITED], &new),
        Some(Skip::Added(MAX_REALIGN - 1))
    );
    new.insert(0, OTHER);
    assert_eq!(realigned(&[EDITED], &new), Some(Skip::Added(MAX_REALIGN)));
    new.insert(0, OTHER);
    assert_eq!(realigned(&[EDITED], &new), None);
}

#[test]
fn likeness_reads_words_and_short_texts_by_their_characters() {
    // Punctuation and case apart, words in order.
    assert!(
        likeness(
            "Manage the users.",
            "Manage the users of your organization."
        ) >= ALIKE
    );
    assert!(
        likeness(
            "Azure Active Directory",
            "You can use REST APIs to build apps."
        ) < ALIKE
    );
    // Three words or fewer: by characters.
    assert!(likeness("Mail.Read", "Mail.ReadWrite") >= ALIKE);
    assert!(likeness("Required.", "Optional.") < ALIKE);
    // Table pipes and dashes are no words in common.
    assert!(likeness("| - | - | a b c d", "| - | - | e f g h") < ALIKE);
}

/// A pair whose next segments line up is where it was, its text
/// rewritten: what it shares with a text further on (a link's URL)
/// does not move it.
#[test]
fn a_pair_followed_by_a_like_pair_stays_in_place() {
    // The pair after it lines up: it stays. Where that pair does not,
    // it is realigned.
    assert_eq!(realigned(&[UNLIKE, EDITED], &[OTHER, LIKE, UNLIKE]), None);
    assert_eq!(
        realigned(&[UNLIKE, OTHER], &[OTHER, LIKE, UNLIKE]),
        Some(Skip::Removed(1))
    );
}

#[test]
fn unlike_texts_are_shown_replaced_whole() {
    assert_eq!(
        word_diff(
            "Azure Active Directory",
            "Available with Microsoft Entra ID."
        ),
        "[-Azure Active Directory-]{+Available with Microsoft Entra ID.+}"
    );
    assert_eq!(
        word_diff(
            "Manage the users.",
            "Manage the users of your organization."
        ),
        "Manage the [-users.-]{+users of your organization.+}"
    );
    // One holds the other: what was added or taken out is shown.
    assert_eq!(
        word_diff(
            "Specifies whether the group is mail-enabled. If the securityEnabled property is also true, the group is a mail-enabled security group.",
            "Specifies whether the group is mail-enabled."
        ),
        "Specifies whether the group is mail-enabled.[- If the securityEnabled property is also true, the group is a mail-enabled security group.-]"
    );
}
