//! End-to-end tests of the `newsdex` binary: each test writes a small corpus into a temporary
//! folder, runs the real binary on it and checks what it prints and how it exits.
//!
//! The modules follow the themes of the command line: the input formats it reads, the broken
//! input it survives, building the index (also on first search), the queries it answers, the
//! output formats it writes and its exit codes.
//! `util` holds the [`util::TestEnv`] that every test uses.

mod exit_codes;
mod extract;
mod filters;
mod formats;
mod indexing;
mod malformed;
mod output;
mod queries;
mod research;
mod util;
