//! The Extism ABI: the kernel's host functions declared by hand (the `extism-pdk` crate is not
//! reachable offline). A policy exports `on_request` / `on_response` / `on_stream_chunk` /
//! `on_error` as `#[no_mangle] pub extern "C" fn() -> i32` and ends with `respond(action)`.

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

/// Hands the action JSON to the host; the export returns what this returns.
pub fn respond(action: String) -> i32 {
    let bytes = action.as_bytes();
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
