//! `econtract timestamp`: an authority's token for a statement.
//!
//! The authority's next serial number is kept in `KEY.card.serial` by the
//! library's `FileSerialStore`: the counter is locked
//! (`KEY.card.serial.lock`), advanced durably, and only then is the token
//! signed. A crash after the number is advanced loses that serial (a gap,
//! which no rule forbids); no interleaving and no crash can issue one
//! serial twice.

use std::path::{Path, PathBuf};

use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{FileSerialStore, LocalAuthority, SerialStore, Statement};
use serde_json::json;

use crate::error::{CliError, EXIT_OK, stderr_line, stdout_line};
use crate::fsio::{self, Output};
use crate::party;

/// The options of `timestamp`.
#[derive(clap::Args)]
pub struct Args {
    /// The authority's keys; its next serial number is kept in KEY.card.serial.
    #[arg(long)]
    pub authority: PathBuf,
    /// A nonce to include (hex).
    #[arg(long)]
    pub nonce: Option<String>,
    /// Time to attest (RFC 3339); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Where to write the token; default STATEMENT.tst (standard output
    /// when the statement is read from standard input).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an output file that exists.
    #[arg(long)]
    pub force: bool,
    /// The statement (its exact bytes, for example from `open --statement-out`).
    pub statement: PathBuf,
}

/// Reserves the next serial and issues the token.
pub fn run(a: Args) -> Result<u8, CliError> {
    let nonce = a
        .nonce
        .as_deref()
        .map(|h| super::decode_hex(h).ok_or_else(|| CliError::usage(format!("--nonce {h}: not hex"))))
        .transpose()?;
    let when = super::time_arg("--time", &a.time)?;
    let out = a.out.clone().unwrap_or_else(|| {
        if fsio::is_dash(&a.statement) {
            PathBuf::from("-")
        } else {
            let mut p = a.statement.as_os_str().to_os_string();
            p.push(".tst");
            PathBuf::from(p)
        }
    });
    let mut counter = serial_store(&a.authority);
    let mut read = party::key_inputs(&a.authority);
    read.extend([a.statement.clone(), counter.path().to_owned(), counter.lock_path()]);
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    // Before a serial is reserved: a token that cannot be written would
    // waste it.
    fsio::check_outputs(&[Output::public(&out, Vec::new())], a.force, &inputs)?;
    let authority = party::read_party(&a.authority)?;
    let bytes = fsio::read_input(&a.statement, MAX_STATEMENT_SIZE, "statement")?;
    let s = Statement::decode(&bytes).map_err(|e| {
        CliError::input_hint(
            super::shown(&a.statement),
            e,
            super::looks_like(
                &bytes,
                "a statement's exact bytes (from `seal --statement-out` or `open --statement-out`)",
                "timestamp",
            ),
        )
    })?;
    let serial = counter.reserve().map_err(|e| counter_error(&counter, e))?;
    let mut tsa = LocalAuthority::new(authority, move || when, serial);
    let token = tsa
        .stamp(s.id(), nonce.as_deref())
        .map_err(|e| CliError::input("--nonce", e))?;
    fsio::commit_outputs(vec![Output::public(&out, token.as_bytes().to_vec())], a.force, &inputs)?;
    let line = json!({
        "imprint": token.imprint(),
        "serial": token.serial(),
        "time": token.time(),
        "authority": token.authority(),
        "out": out.display().to_string(),
    });
    if fsio::is_dash(&out) {
        stderr_line(line);
    } else {
        stdout_line(line)?;
    }
    Ok(EXIT_OK)
}

/// The authority's serial counter: `KEY.card.serial`, starting at 1.
fn serial_store(authority: &Path) -> FileSerialStore {
    let mut p = party::Paths::of(authority).card.into_os_string();
    p.push(".serial");
    FileSerialStore::new(PathBuf::from(p), 1)
}

/// A counter that cannot be advanced: its content refused, or the file
/// unusable.
fn counter_error(counter: &FileSerialStore, e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        CliError::input_hint(
            counter.path().display(),
            "not a serial number",
            "it holds the authority's next serial as a decimal number; restore it from a backup, \
             or write a number above every serial the authority has issued",
        )
    } else {
        CliError::io(counter.path(), "advance the serial counter", e)
    }
}
