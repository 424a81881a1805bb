//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, a declared charset, and
//! Windows-1252 as the fallback for invalid UTF-8. Binary and empty inputs are refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty file"),
            DecodeError::Binary => f.write_str("binary file (not text)"),
        }
    }
}

/// Decoded text plus warnings about how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// True when the bytes look like binary data: NUL bytes, or many control bytes.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    controls * 10 > head.len().max(1)
}

/// UTF-16 written without a byte-order mark: mostly Latin text has a zero in one byte of
/// nearly every pair and almost never in the other.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_at = |k: usize| head.iter().skip(k).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    let enc = if mostly(odd) && rarely(even) {
        UTF_16LE
    } else if mostly(even) && rarely(odd) {
        UTF_16BE
    } else {
        return None;
    };
    // Binary arrays of small numbers have the same zeros: their text would be control codes.
    let (text, _) = enc.decode_without_bom_handling(head);
    let controls =
        text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')).count();
    (controls * 10 <= pairs).then_some(enc)
}

/// Decode `bytes` to a `String`. `declared` is a charset label from HTTP or HTML, if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let mut warnings = Vec::new();
    // UTF-16 has NULs in ASCII text, so check its BOM before the binary test.
    for (bom, enc) in [(&[0xFF, 0xFE][..], UTF_16LE), (&[0xFE, 0xFF][..], UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (text, _, bad) = enc.decode(bytes);
            if bad {
                warnings.push(format!("invalid {} sequences replaced with U+FFFD", enc.name()));
            }
            return Ok(Decoded { text: text.into_owned(), warnings });
        }
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(bytes);
        warnings.push(format!("no byte-order mark: read as {} from its zero bytes", enc.name()));
        if bad {
            warnings.push(format!("invalid {} sequences replaced with U+FFFD", enc.name()));
        }
        return Ok(Decoded { text: text.into_owned(), warnings });
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: s.to_string(), warnings });
    }
    let declared = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())).filter(|e| {
        // A declared UTF-8 that failed, or a UTF-16 label without BOM, is not trusted.
        *e != encoding_rs::UTF_8 && *e != UTF_16LE && *e != UTF_16BE
    });
    let enc = declared.unwrap_or(WINDOWS_1252);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    warnings.push(format!("input is not valid UTF-8; decoded as {}", enc.name()));
    Ok(Decoded { text: text.into_owned(), warnings })
}

/// The charset named in an HTTP `Content-Type` value or an HTML `<meta charset>` near the top.
pub fn sniff_charset(content_type: Option<&str>, html_head: &[u8]) -> Option<String> {
    let from = |s: &str| -> Option<String> {
        let lower = s.to_ascii_lowercase();
        let i = lower.find("charset=")? + "charset=".len();
        let rest = &s[i..];
        let rest = rest.trim_start_matches(['"', '\'']);
        let end =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    };
    if let Some(cs) = content_type.and_then(from) {
        return Some(cs);
    }
    let head = &html_head[..html_head.len().min(2048)];
    from(&String::from_utf8_lossy(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_bom_is_stripped() {
        let d = decode("\u{FEFF}Mosul".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Mosul");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252_with_warning() {
        let d = decode(b"caf\xe9 \x93quoted\x94", None).unwrap();
        assert_eq!(d.text, "café “quoted”");
        assert!(d.warnings[0].contains("windows-1252"));
    }

    #[test]
    fn declared_charset_is_used_when_utf8_fails() {
        let d = decode(b"\xc0\xe1\xe2", Some("koi8-r")).unwrap();
        assert_eq!(d.text.chars().count(), 3);
        assert!(d.warnings[0].contains("KOI8-R"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Raqqa".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b, None).unwrap().text, "Raqqa");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"\x7fELF\x02\x01\x00\x00", None).unwrap_err(), DecodeError::Binary);
        assert_eq!(decode(b"", None).unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t ", None).unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(&[1, 2, 3, 4, 5, b'a'], None).unwrap_err(), DecodeError::Binary);
        // Small 16-bit numbers have UTF-16's zero bytes but are not text.
        let numbers: Vec<u8> = (1u16..200).flat_map(|n| n.to_le_bytes()).collect();
        assert_eq!(decode(&numbers, None).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn utf16_without_a_bom_is_read_from_its_zero_bytes() {
        let text = "Shelling hit Bakhmut on Monday, officials said.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.text, text);
            assert!(
                d.warnings.iter().any(|w| w.contains(name) && w.contains("no byte-order mark")),
                "{:?}",
                d.warnings
            );
        }
    }

    #[test]
    fn charset_sniffing() {
        assert_eq!(sniff_charset(Some("text/html; charset=ISO-8859-1"), b"").as_deref(), Some("ISO-8859-1"));
        assert_eq!(
            sniff_charset(None, b"<html><meta charset=\"windows-1256\">").as_deref(),
            Some("windows-1256")
        );
        assert_eq!(sniff_charset(None, b"<html><body>").as_deref(), None);
    }
}
