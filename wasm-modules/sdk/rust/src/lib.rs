//! Switchyard policy SDK for Rust, without dependencies: the JSON actions a policy answers with, and
//! enough JSON reading for the input. Two transports, one module each:
//!
//! - [`extism`]: an Extism-ABI module (`#[no_mangle] extern "C" fn on_request() -> i32`), reading its
//!   input with `extism::read_input()` and answering with `extism::respond(action)`;
//! - [`component`]: a WebAssembly component of the `switchyard:policy` world (sdk/wit/policy.wit),
//!   declared with `component_exports!` over plain `fn(&str) -> Result<String, String>` handlers.
//!
//! Only what a policy calls ends up in its module: an Extism policy exports no component ABI and a
//! component imports nothing from Extism.

pub mod component;
pub mod extism;

/// Let the request (or response) through unchanged.
pub fn proceed() -> String {
    r#"{"action":"continue"}"#.to_string()
}

/// Replace the body with `body_json` (a JSON object, as text).
pub fn modify_body(body_json: &str) -> String {
    format!(r#"{{"action":"modify","body":{}}}"#, body_json)
}

/// Set headers on the response (on_response) or the request (on_request).
pub fn stamp_headers(headers: &[(&str, &str)]) -> String {
    let fields: Vec<String> = headers.iter().map(|(name, value)| format!("{}:{}", quote(name), quote(value))).collect();
    format!(r#"{{"action":"modify","headers_set":{{{}}}}}"#, fields.join(","))
}

/// Refuse with an HTTP status (400–599) and a reason the client sees.
pub fn reject(status: u16, reason: &str) -> String {
    format!(r#"{{"action":"reject","status":{},"reason":{}}}"#, status, quote(reason))
}

/// The raw JSON text of `key`'s value among the top-level members of the object `json` (nested
/// objects and strings are skipped whole, so a body can never shadow a field of the input).
/// `field(input, "config")` then `field(config, "limit")` walks down.
pub fn field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let b = json.as_bytes();
    let mut at = skip_space(b, 0);
    if b.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_space(b, at);
        if b.get(at) != Some(&b'"') {
            return None;
        }
        let key_end = value_end(b, at)?;
        let name = &json[at + 1..key_end - 1];
        at = skip_space(b, key_end);
        if b.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_space(b, at + 1);
        let end = value_end(b, start)?;
        if name == key {
            return Some(&json[start..end]);
        }
        at = skip_space(b, end);
        match b.get(at) {
            Some(b',') => at += 1,
            _ => return None,
        }
    }
}

/// The string value of a top-level field, unescaped (`None` when absent or not a string).
pub fn string_field(json: &str, key: &str) -> Option<String> {
    unquote(field(json, key)?)
}

/// A string in the policy's `config` (registration and route config merged).
pub fn config_string(input: &str, key: &str) -> Option<String> {
    unquote(field(field(input, "config")?, key)?)
}

/// An integer in the policy's `config` (`None` when absent or not an integer).
pub fn config_i64(input: &str, key: &str) -> Option<i64> {
    field(field(input, "config")?, key)?.parse().ok()
}

/// A boolean in the policy's `config` (`None` when absent or not a boolean).
pub fn config_bool(input: &str, key: &str) -> Option<bool> {
    match field(field(input, "config")?, key)? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A JSON string literal's text, unescaped.
pub fn unquote(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let high = hex4(&mut chars)?;
                let code = if (0xd800..0xdc00).contains(&high) {
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let low = hex4(&mut chars)?;
                    0x10000 + ((high - 0xd800) << 10) + (low.checked_sub(0xdc00)? & 0x3ff)
                } else {
                    high
                };
                out.push(char::from_u32(code)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// A JSON string literal for `text`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn hex4(chars: &mut std::str::Chars) -> Option<u32> {
    let mut value = 0;
    for _ in 0..4 {
        value = value * 16 + chars.next()?.to_digit(16)?;
    }
    Some(value)
}

fn skip_space(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Where the JSON value starting at `start` ends (exclusive).
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    match b.get(start)? {
        b'"' => {
            let mut at = start + 1;
            loop {
                match b.get(at)? {
                    b'\\' => at += 2,
                    b'"' => return Some(at + 1),
                    _ => at += 1,
                }
            }
        }
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = start;
            loop {
                match b.get(at)? {
                    b'"' => {
                        at = value_end(b, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let mut at = start;
            while let Some(c) = b.get(at) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                at += 1;
            }
            if at == start {
                None
            } else {
                Some(at)
            }
        }
    }
}
