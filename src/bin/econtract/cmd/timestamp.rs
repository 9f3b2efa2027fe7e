//! `econtract timestamp`: an authority's token for a statement.
//!
//! The authority's next serial number is kept in `KEY.card.serial`; a
//! process holds the lock `KEY.card.serial.lock` while it reads the number
//! and writes the next one (a temporary file, fsync, rename, fsync of the
//! directory), and only then signs the token. A crash after the number is
//! advanced loses that serial (a gap, which no rule forbids); no
//! interleaving and no crash can issue one serial twice.

use std::path::{Path, PathBuf};

use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{LocalAuthority, Statement};
use serde_json::json;

use crate::error::{CliError, EXIT_OK, stderr_line, stdout_line};
use crate::fsio::{self, MODE_PRIVATE, Output, TempFile};
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
    let card = party::Paths::of(&a.authority).card;
    let mut read = party::key_inputs(&a.authority);
    read.push(a.statement.clone());
    for suffix in [".serial", ".serial.lock"] {
        let mut p = card.as_os_str().to_os_string();
        p.push(suffix);
        read.push(PathBuf::from(p));
    }
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
    let serial = reserve_serial(&card)?;
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

/// Takes the next serial of the authority whose card is `card`, advancing
/// the counter durably before returning it.
fn reserve_serial(card: &Path) -> Result<u64, CliError> {
    let with = |suffix: &str| {
        let mut p = card.as_os_str().to_os_string();
        p.push(suffix);
        PathBuf::from(p)
    };
    let (serial_file, lock) = (with(".serial"), with(".serial.lock"));
    let _held = fsio::lock_file(&lock)?;
    let serial: u64 = match fsio::open_regular(&serial_file) {
        Ok(_) => {
            let text = fsio::read_input(&serial_file, 32, "serial counter")?;
            std::str::from_utf8(&text)
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    CliError::input_hint(
                        serial_file.display(),
                        "not a serial number",
                        "it holds the authority's next serial as a decimal number; restore it from a backup, \
                         or write a number above every serial the authority has issued",
                    )
                })?
        }
        // No file yet: the authority's first token.
        Err(CliError::Io { err, .. }) if err.kind() == std::io::ErrorKind::NotFound => 1,
        Err(e) => return Err(e),
    };
    let next = serial
        .checked_add(1)
        .ok_or_else(|| CliError::input(serial_file.display(), "the serial counter is exhausted"))?;
    let mut t = TempFile::new(&serial_file, MODE_PRIVATE)?;
    t.write_all_sync(format!("{next}\n").as_bytes(), &serial_file)?;
    t.commit(&serial_file, true)?;
    fsio::sync_dir(&fsio::parent(&serial_file))?;
    Ok(serial)
}
