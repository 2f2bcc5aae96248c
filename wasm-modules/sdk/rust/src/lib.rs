//! Switchyard policy SDK for Rust, without dependencies (the `extism-pdk` crate is not reachable
//! offline): the Extism kernel's host functions are declared here by hand.
//!
//! A policy exports `on_request` / `on_response` / `on_error` as `#[no_mangle] extern "C" fn() -> i32`,
//! reads its input with [`read_input`], and answers with [`proceed`], [`modify_body`],
//! [`stamp_headers`] or [`reject`].

#[link(wasm_import_module = "extism:host/env")]
extern "C" {
    fn input_length() -> u64;
    fn input_load_u8(offset: u64) -> u8;
    fn input_load_u64(offset: u64) -> u64;
    fn alloc(length: u64) -> u64;
    fn store_u8(offset: u64, value: u8);
    fn store_u64(offset: u64, value: u64);
    fn output_set(offset: u64, length: u64);
}

/// The whole input JSON: {phase, route, method, path, headers, body, request_id, now_ms, config}.
pub fn read_input() -> String {
    let length = unsafe { input_length() };
    let mut bytes = Vec::with_capacity(length as usize);
    let mut at = 0;
    while at + 8 <= length {
        bytes.extend_from_slice(&unsafe { input_load_u64(at) }.to_le_bytes());
        at += 8;
    }
    while at < length {
        bytes.push(unsafe { input_load_u8(at) });
        at += 1;
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Let the request (or response) through unchanged.
pub fn proceed() -> i32 {
    answer(r#"{"action":"continue"}"#)
}

/// Replace the body with `body_json` (a JSON object, as text).
pub fn modify_body(body_json: &str) -> i32 {
    answer(&format!(r#"{{"action":"modify","body":{}}}"#, body_json))
}

/// Set headers on the response (on_response) or the request (on_request).
pub fn stamp_headers(headers: &[(&str, &str)]) -> i32 {
    let fields: Vec<String> = headers.iter().map(|(name, value)| format!("{}:{}", quote(name), quote(value))).collect();
    answer(&format!(r#"{{"action":"modify","headers_set":{{{}}}}}"#, fields.join(",")))
}

/// Refuse with an HTTP status (400–599) and a reason the client sees.
pub fn reject(status: u16, reason: &str) -> i32 {
    answer(&format!(r#"{{"action":"reject","status":{},"reason":{}}}"#, status, quote(reason)))
}

/// The string value of a top-level `"key":"…"` field of the input (no escapes inside), if any.
/// Enough for `request_id`, `phase`, `route`; parse the body yourself (or with serde_json).
pub fn string_field<'a>(input: &'a str, key: &str) -> Option<&'a str> {
    let needle = format!("\"{}\":\"", key);
    let start = input.find(&needle)? + needle.len();
    let end = start + input[start..].find('"')?;
    Some(&input[start..end])
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

fn answer(json: &str) -> i32 {
    let bytes = json.as_bytes();
    let length = bytes.len() as u64;
    unsafe {
        let offset = alloc(length);
        let mut at = 0usize;
        while at + 8 <= bytes.len() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[at..at + 8]);
            store_u64(offset + at as u64, u64::from_le_bytes(word));
            at += 8;
        }
        while at < bytes.len() {
            store_u8(offset + at as u64, bytes[at]);
            at += 1;
        }
        output_set(offset, length);
    }
    0
}
