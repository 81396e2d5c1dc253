//! SXS004's tokens: what is read as code, a link, a URL, a
//! placeholder or a keyword, and how two are compared.

use super::*;

#[test]
fn finds_each_kind() {
    let raw = "Call `GET /me` with {token}, see [docs](../x.md) or https://aka.ms/x.";
    assert_eq!(
        tokens(raw),
        [
            (Kind::Code, "GET /me"),
            (Kind::Placeholder, "{token}"),
            (Kind::Link, "../x.md"),
            (Kind::Url, "https://aka.ms/x"),
        ]
    );
}

#[test]
fn json_or_a_path_in_braces_is_no_placeholder() {
    // JSON; a translation's garbled link text (taken for `{id}`, a fix
    // would have replaced the whole path with it).
    for text in [
        r#"{"reason": “changed”} or {"reason": "changed"}"#,
        "[{/appCatalogs/teamsApps/id de} / appDefinition]",
    ] {
        assert_eq!(tokens(text), [], "{text}");
    }
    assert_eq!(
        tokens("{user-id | userPrincipalName} and {tenant_id}, /teamsApps/{id}/appDefinition"),
        [
            (Kind::Placeholder, "{user-id | userPrincipalName}"),
            (Kind::Placeholder, "{tenant_id}"),
            (Kind::Placeholder, "{id}"),
        ]
    );
}

#[test]
fn keywords_and_angle_placeholders() {
    assert_eq!(
        tokens("Bearer &lt;token&gt;. Required. Use application/json, not Bearers."),
        [
            (Kind::Keyword, "Bearer"),
            (Kind::Placeholder, "&lt;token&gt;"),
            (Kind::Keyword, "application/json"),
        ]
    );
    assert_eq!(tokens(r"a \` b \` c"), []);
    assert_eq!(
        tokens("können „Zitat“ \\ä Bearer"),
        [(Kind::Keyword, "Bearer")]
    );
    assert_eq!(
        normalize(Kind::Placeholder, "&lt;Token&gt;"),
        normalize(Kind::Placeholder, "&lt;token&gt;")
    );
}

#[test]
fn locale_in_docs_urls_may_change() {
    assert_eq!(
        normalize(Kind::Link, "https://docs.microsoft.com/en-us/graph/x/"),
        normalize(Kind::Link, "https://docs.microsoft.com/ru-RU/graph/x")
    );
    assert_ne!(
        normalize(Kind::Code, "{token}"),
        normalize(Kind::Code, "{токен}")
    );
}

#[test]
fn urls_end_at_quotation_marks_of_any_script() {
    let english =
        tokens("For example: 'https://a.example/event'. Begins with http:// or https://.");
    assert_eq!(
        english,
        [
            (Kind::Url, "https://a.example/event"),
            (Kind::Url, "http://"),
            (Kind::Url, "https://"),
        ]
    );
    // The translations keep every URL: nothing is lost, nothing to fix.
    assert_eq!(
        tokens("Por exemplo: 'https://a.example/event’. Mit „http://“ oder „https://“!"),
        english
    );
    assert_eq!(
        tokens("「https://a.example/event」。**https://b.example/x**"),
        [
            (Kind::Url, "https://a.example/event"),
            (Kind::Url, "https://b.example/x"),
        ]
    );
}

#[test]
fn media_types_end_where_the_sentence_does() {
    assert_eq!(
        tokens("Returns text/csv. Or application/json+x-y-."),
        [
            (Kind::Keyword, "text/csv"),
            (Kind::Keyword, "application/json+x-y"),
        ]
    );
    assert_eq!(tokens("an application/service principal"), []);
    assert_eq!(
        tokens("application/vnd.ms-excel and application/octet-stream"),
        [
            (Kind::Keyword, "application/vnd.ms-excel"),
            (Kind::Keyword, "application/octet-stream"),
        ]
    );
    assert_eq!(unescaped(r"{token\}"), "{token}");
    assert_eq!(
        normalize(Kind::Placeholder, r"{token\}"),
        normalize(Kind::Placeholder, "{Token}")
    );
}
