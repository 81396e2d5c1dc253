//! HTTP status codes stated in prose and in example responses.

/// The success status code a sentence states: the first 3-digit number in
/// 100–599, preferring one in backticks (`` `204 No Content` ``).
/// Returns the code and the digits' byte offset in `text`.
pub fn stated_status(text: &str) -> Option<(u16, usize)> {
    let mut first = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let is_code = bytes[i..i + 3].iter().all(u8::is_ascii_digit)
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
            && bytes
                .get(i + 3)
                .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'.');
        if is_code {
            let value: u16 = text[i..i + 3].parse().ok()?;
            if (100..600).contains(&value) {
                if i > 0 && bytes[i - 1] == b'`' {
                    return Some((value, i));
                }
                first.get_or_insert((value, i));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    first
}

/// The code of a status line: `HTTP/1.1 204 No Content` → 204.
pub fn status_line(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("HTTP/")?;
    let (_, after) = rest.split_once(' ')?;
    let code = after.trim_start().get(..3)?;
    code.parse().ok().filter(|c| (100..600).contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_stated_code() {
        assert_eq!(
            stated_status("returns a `204 No Content` response code").map(|s| s.0),
            Some(204)
        );
        assert_eq!(
            stated_status("возвращает код 200 OK и объект").map(|s| s.0),
            Some(200)
        );
        assert_eq!(
            stated_status("up to 1000 items, then `201 Created`").map(|s| s.0),
            Some(201)
        );
        // "200-series" states the code its translations do (issue 17).
        for text in [
            "returns a 200-series response code",
            "возвращает код отклика серии 200",
            "retorna um código de resposta da série 200",
            "devuelve un código de respuesta de la serie de 200",
        ] {
            assert_eq!(stated_status(text).map(|s| s.0), Some(200), "{text}");
        }
        assert_eq!(stated_status("version 1.200 only"), None);
        assert_eq!(stated_status("no code here"), None);
    }

    #[test]
    fn reads_status_lines() {
        assert_eq!(status_line("HTTP/1.1 204 No Content"), Some(204));
        assert_eq!(status_line("HTTP/2 200"), Some(200));
        assert_eq!(status_line("POST /x"), None);
    }
}
