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
}
