//! Facts read from small texts written here: permission scopes in
//! table cells, as machine translation leaves them.

use sxsdoc::facts::{compact, parse_scopes};

#[test]
fn lists_in_every_separator() {
    let expected = ["User.Read", "User.ReadWrite.All", "Directory.Read.All"];
    for cell in [
        "User.Read, User.ReadWrite.All, Directory.Read.All",
        "User.Read、User.ReadWrite.All、Directory.Read.All",
        "User.Read; User.ReadWrite.All; Directory.Read.All",
        "User.Read, User.ReadWrite.All и Directory.Read.All",
        "User.Read, User.ReadWrite.All or Directory.Read.All.",
        "`User.Read`, **User.ReadWrite.All**, Directory.Read.All",
    ] {
        assert_eq!(parse_scopes(cell), expected, "{cell}");
    }
}

#[test]
fn prose_has_no_scopes() {
    for cell in [
        "Not supported.",
        "Не поддерживается.",
        "サポートされていません。",
        "Not supported. Use the app.",
        "e.g. this",
        "N/A",
        "See overview.md and tabs.md.",
        "learn.microsoft.com, aka.ms/graph",
    ] {
        assert!(parse_scopes(cell).is_empty(), "{cell}");
    }
}

#[test]
fn damaged_scopes_are_kept_as_written() {
    assert_eq!(
        parse_scopes("User. ReadWrite. ALL"),
        ["User. ReadWrite. ALL"]
    );
    assert_eq!(
        parse_scopes("Идентитирискюсер.ReadWrite.All"),
        ["Идентитирискюсер.ReadWrite.All"]
    );
    assert_eq!(
        parse_scopes("user.readwrite.all, Mail. Send"),
        ["user.readwrite.all", "Mail. Send"]
    );
    assert_eq!(compact("User. ReadWrite. ALL"), "User.ReadWrite.ALL");
}

/// A scope that ends a sentence is not joined with the next scope.
#[test]
fn a_sentence_end_does_not_join_two_scopes() {
    assert_eq!(
        parse_scopes("Directory.Read.All. Directory.ReadWrite.All"),
        ["Directory.Read.All", "Directory.ReadWrite.All"]
    );
    assert_eq!(
        parse_scopes("Group.Read.All。Directory.Read.All。"),
        ["Group.Read.All", "Directory.Read.All"]
    );
    assert_eq!(
        parse_scopes("User. ReadWrite. All"),
        ["User. ReadWrite. All"]
    );
    // A space after a resource alone: one scope, damaged (it read as the
    // scope `ReadWrite.All`, "a different scope"); a sentence before a
    // scope is no part of it.
    assert_eq!(
        parse_scopes("DeviceManagementServiceConfig. ReadWrite.All"),
        ["DeviceManagementServiceConfig. ReadWrite.All"]
    );
    assert_eq!(
        parse_scopes("Call Microsoft Graph. User.Read is enough."),
        ["User.Read"]
    );
}
