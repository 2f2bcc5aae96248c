//! The component model's canonical ABI for the `switchyard:policy` world, written by hand
//! (wit-bindgen is not reachable offline). Every export is `func(input: string) -> result<string,
//! string>`: the host copies the input into memory it allocates through `cabi_realloc`, and reads
//! back a pointer to a 12-byte area {tag, pointer, length}. `Err` is a policy failure (the module's
//! `on_error` decides), not a rejection: reject with `Ok(reject(..))`.
//!
//! ```ignore
//! component_exports! { "on-request" => on_request, "on-stream-chunk" => on_chunk }
//! fn on_request(input: &str) -> Result<String, String> { Ok(switchyard::proceed()) }
//! ```
//! `wasm-modules/build-rust.sh` then wraps the core module into a component (componentize.mjs).

use std::alloc::{alloc, realloc as grow, Layout};

/// The answer of the last call, kept until the next one (so no post-return export is needed).
static mut LAST: Option<String> = None;
static mut AREA: [u32; 3] = [0; 3];

/// `cabi_realloc`, the allocator the host uses to pass strings in (exported by `component_exports!`).
///
/// # Safety
/// Called by the canonical ABI with its own arguments only.
pub unsafe fn realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    if new_size == 0 {
        return align as *mut u8;
    }
    if old.is_null() || old_size == 0 {
        return alloc(Layout::from_size_align_unchecked(new_size, align));
    }
    grow(old, Layout::from_size_align_unchecked(old_size, align), new_size)
}

/// Lifts one call: takes ownership of the input the host allocated, runs `handler`, lowers its
/// result into the return area.
///
/// # Safety
/// `ptr`/`len` must be the string the host allocated through `cabi_realloc` with alignment 1.
pub unsafe fn call(ptr: *mut u8, len: usize, handler: fn(&str) -> Result<String, String>) -> *const u32 {
    let bytes = if len == 0 { Vec::new() } else { Vec::from_raw_parts(ptr, len, len) };
    let result = match String::from_utf8(bytes) {
        Ok(input) => handler(&input),
        Err(_) => Err("the input is not UTF-8".to_string()),
    };
    let (tag, text) = match result {
        Ok(text) => (0, text),
        Err(text) => (1, text),
    };
    AREA = [tag, text.as_ptr() as u32, text.len() as u32];
    LAST = Some(text);
    AREA.as_ptr()
}

/// Declares the component's exports: `cabi_realloc` and one function per `"wit-name" => handler`.
#[macro_export]
macro_rules! component_exports {
    ($($export:literal => $handler:path),+ $(,)?) => {
        #[no_mangle]
        pub unsafe extern "C" fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
            switchyard::component::realloc(old, old_size, align, new_size)
        }
        $(
            const _: () = {
                #[export_name = $export]
                unsafe extern "C" fn export(ptr: *mut u8, len: usize) -> *const u32 {
                    switchyard::component::call(ptr, len, $handler)
                }
            };
        )+
    };
}
