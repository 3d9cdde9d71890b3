//! Placeholder while the reader is written.
use super::{Origin, Parsed};
pub(super) fn read(_o: Origin<'_>, _t: &str, _p: &mut Parsed) -> Result<(), String> {
    Err("not yet supported".into())
}
