//! The interface in the language of the page: the strings of
//! `templates/strings.toml` (overridable, like every template), a table
//! per language, English for a language without one.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// Every language's interface strings.
#[derive(Debug, Default)]
pub struct Strings {
    languages: HashMap<String, BTreeMap<String, String>>,
    /// Locales named in their own language where the region matters.
    names: HashMap<String, String>,
}

/// The interface of one locale: its strings, and the language they are
/// in (`en` when the locale's language has no table).
#[derive(Debug, Clone)]
pub struct Interface {
    pub lang: String,
    pub text: BTreeMap<String, String>,
    /// `text` as the templates' `t`, made once: every page gets it.
    pub template_value: tera::Value,
}

impl Interface {
    fn new(lang: &str, text: BTreeMap<String, String>) -> Interface {
        Interface {
            lang: lang.to_string(),
            template_value: tera::Value::from_serializable(&text),
            text,
        }
    }
}

impl Strings {
    /// Reads a strings file: `[names]` and a table per language, each of
    /// plain strings; English is the one every other falls back to.
    pub fn parse(text: &str) -> Result<Strings, String> {
        let strings = Strings::default()
            .overlaid(text)
            .map_err(|err| err.to_string())?;
        if !strings.languages.contains_key("en") {
            return Err("strings.toml has no `[en]` table, which every other falls back to".into());
        }
        Ok(strings)
    }

    /// These strings with those of the strings file `text` over them,
    /// string by string: a team's file may add a language, or change a
    /// few strings, and keeps every other (those of a newer release too).
    pub fn overlaid(mut self, text: &str) -> Result<Strings, toml::de::Error> {
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            names: HashMap<String, String>,
            #[serde(flatten)]
            languages: HashMap<String, BTreeMap<String, String>>,
        }
        let file: File = toml::from_str(text)?;
        for (language, table) in file.languages {
            self.languages.entry(language).or_default().extend(table);
        }
        self.names.extend(file.names);
        Ok(self)
    }

    /// The interface of `locale` (an empty one: of the pages of every
    /// locale): its language's strings, with English for those it lacks.
    pub fn interface(&self, locale: &str) -> Interface {
        let english = self.languages.get("en").cloned().unwrap_or_default();
        let language = language_of(locale);
        match self.languages.get(&language).filter(|_| language != "en") {
            Some(own) => {
                let mut text = english;
                text.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                Interface::new(locale, text)
            }
            None => Interface::new("en", english),
        }
    }

    /// `locale` named in its own language: `Русский`, `Português
    /// (Brasil)`; the tag itself for a language without strings.
    pub fn locale_name(&self, locale: &str) -> String {
        if let Some(name) = self.names.get(locale) {
            return name.clone();
        }
        self.languages
            .get(&language_of(locale))
            .and_then(|table| table.get("language"))
            .cloned()
            .unwrap_or_else(|| locale.to_string())
    }
}

/// The interface of every locale of a build, made once.
#[derive(Debug)]
pub struct Ui {
    /// By locale; the empty locale's (pages of every locale) is English.
    interfaces: HashMap<String, Interface>,
    english: Interface,
    /// Every locale and its name in its own language, in locale order.
    pub names: Vec<LocaleName>,
    /// `names` as the templates' `locale_list`, made once.
    pub names_value: tera::Value,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LocaleName {
    pub locale: String,
    pub name: String,
}

impl Ui {
    pub fn new(strings: &Strings, locales: &[String]) -> Ui {
        let names: Vec<LocaleName> = locales
            .iter()
            .map(|locale| LocaleName {
                locale: locale.clone(),
                name: strings.locale_name(locale),
            })
            .collect();
        Ui {
            interfaces: locales
                .iter()
                .map(|locale| (locale.clone(), strings.interface(locale)))
                .collect(),
            english: strings.interface("en"),
            names_value: tera::Value::from_serializable(&names),
            names,
        }
    }

    /// The interface of `locale`'s pages (English for the empty one).
    pub fn of(&self, locale: &str) -> &Interface {
        self.interfaces.get(locale).unwrap_or(&self.english)
    }

    /// `locale` in its own language.
    pub fn name<'u>(&'u self, locale: &'u str) -> &'u str {
        self.names
            .iter()
            .find(|n| n.locale == locale)
            .map_or(locale, |n| n.name.as_str())
    }
}

impl Interface {
    /// The string `key`, or the key itself if no table has it (a
    /// template from an older release).
    pub fn get<'i>(&'i self, key: &'i str) -> &'i str {
        self.text.get(key).map_or(key, String::as_str)
    }
}

/// `ru` of `ru-RU`, lower case.
fn language_of(locale: &str) -> String {
    locale.split('-').next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Strings {
        Strings::parse(include_str!("../../templates/strings.toml")).expect("parses")
    }

    /// Every language sxsdoc ships has every string English has: none
    /// of its pages shows an English word in its interface.
    #[test]
    fn every_shipped_language_is_complete() {
        let strings = builtin();
        let english = &strings.languages["en"];
        for language in ["ru", "pt", "de", "es", "ja", "fr", "zh"] {
            let table = &strings.languages[language];
            for key in english.keys() {
                assert!(table.contains_key(key), "[{language}] lacks `{key}`");
            }
            for key in table.keys() {
                assert!(
                    english.contains_key(key),
                    "[{language}] has unknown `{key}`"
                );
            }
        }
    }

    #[test]
    fn locales_get_their_language_or_english() {
        let strings = builtin();
        let ru = strings.interface("ru-RU");
        assert_eq!(
            (ru.lang.as_str(), ru.text["home"].as_str()),
            ("ru-RU", "Главная")
        );
        let ko = strings.interface("ko-KR");
        assert_eq!((ko.lang.as_str(), ko.text["home"].as_str()), ("en", "Home"));
        assert_eq!(strings.locale_name("ja-JP"), "日本語");
        assert_eq!(strings.locale_name("pt-BR"), "Português (Brasil)");
        assert_eq!(strings.locale_name("ko-KR"), "ko-KR");
    }

    #[test]
    fn a_strings_file_without_english_is_refused() {
        assert!(Strings::parse("[ru]\nhome = \"Главная\"\n").is_err());
        assert!(Strings::parse("[en]\nhome = 3\n").is_err());
    }

    /// A team's file over the built-in strings: a new language, a string
    /// changed; every other string as built in, a new one included.
    #[test]
    fn a_teams_strings_go_over_the_built_in_ones() {
        let team = "[ko]\nhome = \"홈\"\n[de]\nhome = \"Start\"\n";
        let strings = builtin().overlaid(team).expect("overlays");
        let ko = strings.interface("ko-KR");
        assert_eq!((ko.lang.as_str(), ko.get("home")), ("ko-KR", "홈"));
        assert_eq!(ko.get("callout_note"), "Note");
        let de = strings.interface("de-DE");
        assert_eq!(
            (de.get("home"), de.get("callout_note")),
            ("Start", "Hinweis")
        );
        assert!(builtin().overlaid("[ko]\nhome = 3\n").is_err());
    }
}
