use super::*;

#[test]
fn excerpts_are_the_description_or_the_first_paragraph() {
    assert_eq!(
        excerpt(Some(" Получение свойств\n и связей. "), "x"),
        "Получение свойств и связей."
    );
    assert_eq!(
        excerpt(Some("Update an **alert** `id`."), ""),
        "Update an alert id."
    );
    assert_eq!(
        excerpt(Some("Update a **[listItem][]**."), ""),
        "Update a listItem."
    );
    assert_eq!(
        excerpt(
            Some("[スクリプト] を使用して [item][list] を追加します。"),
            ""
        ),
        "[スクリプト] を使用して item を追加します。"
    );
    assert_eq!(
        excerpt(Some("`)"), "The first paragraph."),
        "The first paragraph."
    );
    assert_eq!(excerpt(Some(""), " Retrieve\n a list."), "Retrieve a list.");
    let long = "word ".repeat(60);
    let cut = excerpt(None, &long);
    assert!(cut.ends_with("word…"), "{cut}");
    assert!(cut.chars().count() <= EXCERPT_CHARS + 1, "{cut}");
    // No spaces to cut at (Japanese): cut at a character.
    let japanese = "ユーザー".repeat(60);
    let cut = excerpt(None, &japanese);
    assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
    assert!(cut.ends_with('…'));
}

fn terms(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    each_term(&text.to_lowercase(), |t| found.push(t.to_string()));
    found
}

#[test]
fn words_are_lower_cased_runs_of_letters_and_digits() {
    assert_eq!(
        terms("GET /users/{id}/memberOf — User.ReadWrite.All, a v1.0"),
        [
            "get",
            "users",
            "id",
            "memberof",
            "user",
            "readwrite",
            "all",
            "v1"
        ]
    );
    assert_eq!(terms("Список пользователей"), ["список", "пользователей"]);
}

#[test]
fn japanese_is_cut_into_pairs_within_each_script() {
    // Katakana, hiragana and kanji runs are cut apart first.
    assert_eq!(
        terms("ユーザーを一覧表示する"),
        ["ユー", "ーザ", "ザー", "を", "一覧", "覧表", "表示", "する"]
    );
    // Latin inside Japanese is a word of its own.
    assert_eq!(terms("Graph APIの値"), ["graph", "api", "の", "値"]);
    assert_eq!(terms("列出用户"), ["列出", "出用", "用户"]);
}

#[test]
fn an_endpoint_is_one_term_of_its_path() {
    for (endpoint, term) in [
        ("GET /users", "/users"),
        ("GET https://graph.microsoft.com/v1.0/users", "/users"),
        (
            "get /Users/{id | userPrincipalName}/memberOf?$top=5",
            "/users/{}/memberof",
        ),
        ("PATCH /beta/groups/{group-id}/", "/groups/{}"),
    ] {
        let found = endpoint_path(endpoint).map(|(_, path)| path);
        assert_eq!(found.as_deref(), Some(term), "{endpoint}");
    }
    assert_eq!(
        endpoint_path("/users/{id | userPrincipalName}"),
        Some((String::new(), "/users/{}".to_string()))
    );
    assert_eq!(
        endpoint_path("DELETE /groups/{id}"),
        Some(("delete".to_string(), "/groups/{}".to_string()))
    );
    assert_eq!(endpoint_path("GET users"), None);
    assert_eq!(endpoint_path("GET /"), None);
}

#[test]
fn the_quick_letter_test_agrees_with_the_unicode_one() {
    for c in (0..0x3_0000).filter_map(char::from_u32) {
        assert_eq!(is_letter(c), c.is_alphanumeric(), "{c:?}");
    }
}

#[test]
fn terms_are_counted_in_lower_case() {
    let mut counts = TermCounts {
        locale: String::new(),
        has_english: false,
        length: 0,
        counts: HashMap::default(),
        excerpt: String::new(),
    };
    assert_eq!(
        counts.add("Users users ПОЛЬЗОВАТЕЛИ пользователи ＡＢ", 0),
        5
    );
    let terms = counts.finish("");
    let counted: Vec<(&str, u32)> = terms.terms.iter().map(|t| (t.0.as_str(), t.1)).collect();
    assert_eq!(counted, [("users", 2), ("пользователи", 2), ("ａｂ", 1)]);
}

#[test]
fn a_long_token_is_left_out() {
    let long = "a".repeat(MAX_WORD_BYTES + 1);
    assert_eq!(terms(&format!("{long} kept")), ["kept"]);
}
