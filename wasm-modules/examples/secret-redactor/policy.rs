//! secret-redactor (Rust, built as a WebAssembly component): replaces credentials — OpenAI/Anthropic
//! style `sk-…` keys, AWS access key ids, GitHub and Slack tokens — with a placeholder, in prompts
//! before they leave (OnRequest), in answers (OnResponse) and in every streamed delta
//! (OnStreamChunk). Config: `{"replacement": "[redacted]"}`, checked against the schema beside it.
//!
//! It works on the raw JSON text: the token alphabet holds no JSON escapes, so replacing a token
//! inside a string keeps the document valid. A token split across two stream deltas is not seen
//! (each delta is judged alone); a policy that must catch those holds back a tail per request.
#[path = "../../sdk/rust/src/lib.rs"]
#[allow(dead_code)]
mod switchyard;

component_exports! {
    "on-request" => redact_body,
    "on-response" => redact_body,
    "on-stream-chunk" => redact_delta,
}

const DEFAULT_REPLACEMENT: &str = "[redacted]";

/// Prefix, the characters the token is made of, and the fewest of them after the prefix.
const PATTERNS: &[(&str, fn(u8) -> bool, usize)] = &[
    ("sk-", is_token_byte, 20),
    ("AKIA", is_upper_alnum, 16),
    ("ghp_", is_alnum, 30),
    ("xoxb-", is_token_byte, 10),
    ("xoxp-", is_token_byte, 10),
];

fn redact_body(input: &str) -> Result<String, String> {
    let body = switchyard::field(input, "body").ok_or("the input has no body")?;
    match redact(body, &replacement(input)) {
        Some(clean) => Ok(switchyard::modify_body(&clean)),
        None => Ok(switchyard::proceed()),
    }
}

fn redact_delta(input: &str) -> Result<String, String> {
    let body = switchyard::field(input, "body").ok_or("the input has no body")?;
    let delta = switchyard::field(body, "delta").ok_or("the chunk has no delta")?;
    match redact(delta, &replacement(input)) {
        Some(clean) => Ok(switchyard::modify_body(&format!(r#"{{"delta":{}}}"#, clean))),
        None => Ok(switchyard::proceed()),
    }
}

/// The configured placeholder as JSON string content (already escaped: it is pasted into JSON).
fn replacement(input: &str) -> String {
    switchyard::field(input, "config")
        .and_then(|config| switchyard::field(config, "replacement"))
        .and_then(|literal| literal.strip_prefix('"')?.strip_suffix('"').map(str::to_string))
        .unwrap_or_else(|| DEFAULT_REPLACEMENT.to_string())
}

/// `json` with every credential replaced, or `None` when it holds none.
fn redact(json: &str, replacement: &str) -> Option<String> {
    let bytes = json.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        match token_at(bytes, at) {
            Some(end) => {
                out.push_str(&json[copied..at]);
                out.push_str(replacement);
                copied = end;
                at = end;
            }
            None => at += 1,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&json[copied..]);
    Some(out)
}

/// The end of a credential starting at `at`, if one does.
fn token_at(bytes: &[u8], at: usize) -> Option<usize> {
    if !starts_word(bytes, at) {
        return None;
    }
    for (prefix, allowed, min) in PATTERNS {
        if !bytes[at..].starts_with(prefix.as_bytes()) {
            continue;
        }
        let start = at + prefix.len();
        let end = start + bytes[start..].iter().take_while(|b| allowed(**b)).count();
        if end - start >= *min {
            return Some(end);
        }
    }
    None
}

/// A token starts a word: after a non-token byte, or after a JSON escape such as `\n`.
fn starts_word(bytes: &[u8], at: usize) -> bool {
    match at {
        0 => true,
        1 => !is_token_byte(bytes[0]),
        _ => !is_token_byte(bytes[at - 1]) || (bytes[at - 2] == b'\\' && matches!(bytes[at - 1], b'n' | b't' | b'r')),
    }
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn is_upper_alnum(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
