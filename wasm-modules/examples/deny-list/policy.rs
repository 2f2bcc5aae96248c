//! deny-list (Rust): refuses a request whose body mentions a denied term (case-insensitive).
#[path = "../../sdk/rust/src/lib.rs"]
#[allow(dead_code)]
mod switchyard;

const DENIED: &[&str] = &["drop table", "rm -rf /", "ignore all previous instructions"];

#[no_mangle]
pub extern "C" fn on_request() -> i32 {
    let input = switchyard::extism::read_input().to_lowercase();
    switchyard::extism::respond(match DENIED.iter().find(|term| input.contains(*term)) {
        Some(_) => switchyard::reject(400, "The request contains a denied term."),
        None => switchyard::proceed(),
    })
}
