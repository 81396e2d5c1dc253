//! Which folder names are locales.

/// A BCP 47 language tag of the shapes docs trees use: `ru`, `ru-RU`,
/// `zh-Hans`, `zh-Hans-CN`, `es-419`. Case is not checked.
pub fn is_locale_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut rest: Vec<&str> = parts.collect();
    if rest
        .first()
        .is_some_and(|script| script.len() == 4 && script.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        rest.remove(0);
    }
    match rest.as_slice() {
        [] => true,
        [region] => {
            (region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()))
                || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// A locale tag (see [`is_locale_tag`]) cased as BCP 47 recommends: its
/// language in lower case, its script in title case, its region in upper
/// case (`ru-ru` is `ru-RU`, `ZH-HANS-cn` is `zh-Hans-CN`).
pub fn canonical_case(tag: &str) -> String {
    let mut cased = String::with_capacity(tag.len());
    for (n, part) in tag.split('-').enumerate() {
        if n > 0 {
            cased.push('-');
        }
        match (n, part.len()) {
            (0, _) => cased.push_str(&part.to_ascii_lowercase()),
            (_, 4) if part.is_ascii() => {
                let (first, rest) = part.split_at(1);
                cased.push_str(&first.to_ascii_uppercase());
                cased.push_str(&rest.to_ascii_lowercase());
            }
            _ => cased.push_str(&part.to_ascii_uppercase()),
        }
    }
    cased
}

/// Whether the locale `tag` is in the range `range` (RFC 4647's basic
/// filtering, without regard to case): `ja-JP` is in `ja-JP` and in
/// `ja`, so a page that says `ja-JP` belongs in a folder `ja/`.
pub fn in_locale_range(tag: &str, range: &str) -> bool {
    tag.eq_ignore_ascii_case(range)
        || (tag.len() > range.len()
            && tag.is_char_boundary(range.len())
            && tag[..range.len()].eq_ignore_ascii_case(range)
            && tag.as_bytes()[range.len()] == b'-')
}

/// Whether a folder's name is a locale, found without being named: a
/// locale tag whose language is a registered two-letter code (`fr`,
/// `ru-RU`), or of any language with a region or script (`fil-PH`,
/// `yue-Hant`). A bare three-letter name is a valid tag too, but also a
/// common folder (`src`, `old`, `bin`): such a locale is named in
/// `sxsdoc.toml`'s `[locales]`.
pub fn is_locale_folder(name: &str) -> bool {
    let (language, rest) = name.split_once('-').unwrap_or((name, ""));
    let registered = || {
        ISO_639_1
            .binary_search(&language.to_ascii_lowercase().as_str())
            .is_ok()
    };
    is_locale_tag(name) && (!rest.is_empty() || (language.len() == 2 && registered()))
}

/// ISO 639-1's two-letter language codes, sorted: the two-letter
/// language subtags of BCP 47.
const ISO_639_1: [&str; 183] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_locale_shapes() {
        for tag in [
            "ru-RU",
            "ja-JP",
            "ru",
            "zh-Hans",
            "zh-Hans-CN",
            "es-419",
            "pt-br",
        ] {
            assert!(is_locale_tag(tag), "{tag}");
        }
    }

    #[test]
    fn tags_are_cased_as_bcp_47_recommends() {
        for (tag, cased) in [
            ("ru-ru", "ru-RU"),
            ("ZH-HANS-cn", "zh-Hans-CN"),
            ("es-419", "es-419"),
            ("JA", "ja"),
            // Not a tag (its caller checks first), but no panic either.
            ("x-ébc", "x-éBC"),
        ] {
            assert_eq!(canonical_case(tag), cased);
        }
    }

    #[test]
    fn rejects_other_folders() {
        for name in [
            "images",
            "includes",
            "README.md",
            "r",
            "ru-",
            "ru-RU-x",
            "en-U1",
            "",
        ] {
            assert!(!is_locale_tag(name), "{name}");
        }
    }

    #[test]
    fn locale_folders_are_registered_languages_or_tags_with_a_region() {
        for name in ["ru-RU", "fr", "JA", "zh-Hans", "fil-PH", "es-419"] {
            assert!(is_locale_folder(name), "{name}");
        }
        for name in ["src", "old", "rev", "nu", "hc", "js", "md", "images"] {
            assert!(!is_locale_folder(name), "{name}");
        }
        assert!(ISO_639_1.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_language_folder_holds_its_regions() {
        for (tag, range) in [
            ("ja-JP", "ja"),
            ("ja-jp", "JA-JP"),
            ("zh-Hans-CN", "zh-Hans"),
        ] {
            assert!(in_locale_range(tag, range), "{tag} in {range}");
        }
        for (tag, range) in [
            ("ja", "ja-JP"),
            ("jav-ID", "ja"),
            ("ko-KR", "ja"),
            ("é", "e"),
        ] {
            assert!(!in_locale_range(tag, range), "{tag} not in {range}");
        }
    }
}
