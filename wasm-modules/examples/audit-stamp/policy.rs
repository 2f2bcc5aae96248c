//! audit-stamp (Rust): stamps every response with the request id and the policy that saw it,
//! so downstream logs can be joined with the gateway's.
#[path = "../../sdk/rust/src/lib.rs"]
#[allow(dead_code)]
mod switchyard;

#[no_mangle]
pub extern "C" fn on_response() -> i32 {
    let input = switchyard::extism::read_input();
    let request_id = switchyard::string_field(&input, "request_id").unwrap_or_else(|| "unknown".to_string());
    switchyard::extism::respond(switchyard::stamp_headers(&[("x-switchyard-audit", &request_id), ("x-switchyard-audited-by", "audit-stamp")]))
}
