//! `econtract timestamp`: an authority's token for a statement; or, with
//! `--request` and `--response`, a standard RFC 3161 time-stamp from any
//! TSA (module `tsq`).
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
///
/// Three modes: `--authority KEY STATEMENT` issues an econtract token as
/// the crate's own authority; `--request -o REQ.tsq STATEMENT` (or
/// `--transcript T --id ID`) writes an RFC 3161 TimeStampReq for any TSA;
/// `--response RESP.tsr --request REQ.tsq --trust-tsa ROOTS.pem [--append
/// TRANSCRIPT]` verifies the TSA's answer and archives its token.
#[derive(clap::Args)]
#[command(after_help = "RFC 3161 with any TSA:\n  \
econtract timestamp --request -o req.tsq --transcript contract.ect --id STATEMENT_ID\n  \
curl --data-binary @req.tsq -H 'Content-Type: application/timestamp-query' URL -o resp.tsr\n  \
econtract timestamp --response resp.tsr --request req.tsq --trust-tsa roots.pem --append contract.ect")]
pub struct Args {
    /// The authority's keys; its next serial number is kept in KEY.card.serial.
    #[arg(long, required_unless_present_any = ["request", "response"], conflicts_with_all = ["request", "response"])]
    pub authority: Option<PathBuf>,
    /// RFC 3161: without --response, write a TimeStampReq for the statement
    /// (to -o FILE, or to the FILE given here); with --response, the
    /// request file that was sent.
    #[arg(long, value_name = "REQ.tsq", num_args = 0..=1)]
    pub request: Option<Option<PathBuf>>,
    /// RFC 3161: the TSA's response (DER, application/timestamp-reply) to
    /// verify against --request and archive.
    #[arg(long, value_name = "RESP.tsr", requires = "request")]
    pub response: Option<PathBuf>,
    /// RFC 3161 request: the transcript holding the statement to stamp.
    #[arg(long, requires = "id", conflicts_with_all = ["authority", "response"])]
    pub transcript: Option<PathBuf>,
    /// RFC 3161 request: the statement's id in --transcript (hex; a unique
    /// prefix of at least 8 digits will do).
    #[arg(long, requires = "transcript")]
    pub id: Option<String>,
    /// RFC 3161 request: ask the TSA for this policy (dotted OID).
    #[arg(long, value_name = "OID", conflicts_with_all = ["authority", "response"])]
    pub req_policy: Option<String>,
    /// RFC 3161 response: root certificates of the TSAs you trust (PEM or
    /// DER; repeatable).
    #[arg(long, value_name = "ROOTS", requires = "response")]
    pub trust_tsa: Vec<PathBuf>,
    /// RFC 3161 response: extra certificates (the TSA's own, intermediates),
    /// PEM or DER; repeatable.
    #[arg(long, value_name = "FILE", requires = "response")]
    pub tsa_cert: Vec<PathBuf>,
    /// RFC 3161 response: append the verified token to this transcript
    /// (locked, journaled and fsynced, as `append` does).
    #[arg(long, value_name = "TRANSCRIPT", requires = "response")]
    pub append: Option<PathBuf>,
    /// A nonce to include (hex).
    #[arg(long, conflicts_with_all = ["request", "response"])]
    pub nonce: Option<String>,
    /// Time to attest (RFC 3339); default now.
    #[arg(long, conflicts_with_all = ["request", "response"])]
    pub time: Option<String>,
    /// Where to write the token (for --request: the request); default
    /// STATEMENT.tst (standard output when the statement is read from
    /// standard input).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Replace an output file that exists.
    #[arg(long)]
    pub force: bool,
    /// The statement (its exact bytes, for example from `open --statement-out`).
    pub statement: Option<PathBuf>,
}

/// Runs the mode the options name.
pub fn run(a: Args) -> Result<u8, CliError> {
    if a.response.is_some() {
        return super::tsq::response(a);
    }
    if a.request.is_some() {
        return super::tsq::request(a);
    }
    let (Some(authority), Some(statement)) = (a.authority.clone(), a.statement.clone()) else {
        return Err(CliError::usage(
            "name the statement to time-stamp: econtract timestamp --authority KEY STATEMENT",
        ));
    };
    issue(a, &authority, &statement)
}

/// Reserves the next serial and issues the token.
fn issue(a: Args, authority: &Path, statement: &Path) -> Result<u8, CliError> {
    let nonce = a
        .nonce
        .as_deref()
        .map(|h| super::decode_hex(h).ok_or_else(|| CliError::usage(format!("--nonce {h}: not hex"))))
        .transpose()?;
    let when = super::time_arg("--time", &a.time)?;
    let out = a.out.clone().unwrap_or_else(|| {
        if fsio::is_dash(statement) {
            PathBuf::from("-")
        } else {
            let mut p = statement.as_os_str().to_os_string();
            p.push(".tst");
            PathBuf::from(p)
        }
    });
    let mut counter = serial_store(authority);
    let mut read = party::key_inputs(authority);
    read.extend([statement.to_owned(), counter.path().to_owned(), counter.lock_path()]);
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    // Before a serial is reserved: a token that cannot be written would
    // waste it.
    fsio::check_outputs(&[Output::public(&out, Vec::new())], a.force, &inputs)?;
    let authority = party::read_party(authority)?;
    let bytes = fsio::read_input(statement, MAX_STATEMENT_SIZE, "statement")?;
    let s = Statement::decode(&bytes).map_err(|e| {
        CliError::input_hint(
            super::shown(statement),
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
