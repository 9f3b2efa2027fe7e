//! `econtract`: the command-line tool for parties and auditors.
//!
//! Exit status (see `error.rs` and README "Exit status"): 0 success, 1
//! findings (`audit`), 2 usage error, 3 input refused (invalid,
//! unverifiable, tampered), 4 a file cannot be read or written. Errors are
//! one line on standard error, with a `hint:` line when the tool knows what
//! to do.

#![forbid(unsafe_code)]

mod cmd;
mod error;
mod fsio;
mod party;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::error::{CliError, EXIT_OK, stderr_line};

#[derive(Parser)]
#[command(
    name = "econtract",
    version,
    about = "Signed, encrypted, time-stamped contract messages, and audits of contract transcripts",
    after_help = "A FILE argument of `-` is standard input (for an input) or standard output (for an output).\n\
Exit status: 0 success; 1 findings (audit); 2 usage error; 3 input refused (invalid, unverifiable or tampered); \
4 a file cannot be read or written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a party: keys (PKCS#8 PEM, mode 0600) and its card.
    Keygen(cmd::keygen::Args),
    /// Sign a message and seal it to its recipient (and copy holders).
    Seal(cmd::seal::Args),
    /// Open an envelope and print the verified message as JSON.
    Open(cmd::open::Args),
    /// Time-stamp a statement as an authority; or write an RFC 3161
    /// request for any TSA (--request) and verify and archive its answer
    /// (--response).
    Timestamp(cmd::timestamp::Args),
    /// Sign a receipt for a statement received, sealed to its sender.
    Receipt(cmd::receipt::Args),
    /// Append cards, statements or tokens to a transcript (created if
    /// absent), after checking them against what it holds; or repair a
    /// transcript an interrupted append left behind.
    Append(cmd::append::Args),
    /// Append X.509 certificates and CRLs to a transcript, for audits of
    /// the parties' identities (audit --trust-ca).
    Certify(cmd::certify::Args),
    /// Verify a transcript (or every *.ect file in a directory) and validate
    /// the contract.
    Audit(cmd::audit::Args),
    /// Print what a file is, as JSON, without verifying it and without any
    /// secret: a card, a statement, a token, an envelope's header, a
    /// transcript's header and records, or a key file's algorithm and
    /// public key.
    Inspect {
        /// The file (`-`: standard input).
        file: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        // `| head`: the reader has what it wanted.
        Err(e) if e.is_closed_pipe() => ExitCode::from(EXIT_OK),
        Err(e) => {
            stderr_line(format_args!("econtract: error: {e}"));
            if let Some(h) = e.hint() {
                stderr_line(format_args!("hint: {h}"));
            }
            ExitCode::from(e.exit_status())
        }
    }
}

fn run(command: Command) -> Result<u8, CliError> {
    match command {
        Command::Keygen(a) => cmd::keygen::run(a),
        Command::Seal(a) => cmd::seal::run(a),
        Command::Open(a) => cmd::open::run(a),
        Command::Timestamp(a) => cmd::timestamp::run(a),
        Command::Receipt(a) => cmd::receipt::run(a),
        Command::Append(a) if a.repair => cmd::append::repair(&a.transcript, &a.cards),
        Command::Append(a) => cmd::append::run(a),
        Command::Certify(a) => cmd::certify::run(a),
        Command::Audit(a) => cmd::audit::run(a),
        Command::Inspect { file } => cmd::inspect::run(&file),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "econtract", &mut buf);
            error::stdout_write(&buf)?;
            Ok(EXIT_OK)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(CliError::Stdout)?;
            error::stdout_write(&buf)?;
            Ok(EXIT_OK)
        }
    }
}
