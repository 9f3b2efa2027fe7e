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

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

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
    Keygen {
        /// The party's name, as its card will show it.
        #[arg(long)]
        name: String,
        /// Directory to write the files to (created if absent).
        #[arg(long)]
        out: PathBuf,
        /// Use this Ed25519 key (for example from `openssl genpkey -algorithm ed25519`).
        #[arg(long, requires = "encryption_key")]
        signing_key: Option<PathBuf>,
        /// Use this X25519 key (for example from `openssl genpkey -algorithm x25519`).
        #[arg(long, requires = "signing_key")]
        encryption_key: Option<PathBuf>,
        /// The card's creation time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Replace the party's files if they exist.
        #[arg(long)]
        force: bool,
    },
    /// Sign a message and seal it to its recipient (and copy holders).
    Seal {
        /// The sender's keys (stem or file written by keygen).
        #[arg(long)]
        from: PathBuf,
        /// The recipient's card.
        #[arg(long)]
        to: PathBuf,
        /// Cards of further parties to seal copies to.
        #[arg(long, num_args = 1..)]
        also: Vec<PathBuf>,
        /// Message kind: offer, acceptance, service-instruction, service-proof,
        /// performance-notice, payment, title-transfer, receipt, rejection,
        /// revocation, counter-offer, confirmation, withdrawal, objection,
        /// collection-instruction.
        #[arg(long)]
        kind: String,
        /// The message body as JSON (field names as in SPEC.md); `-` reads standard input.
        #[arg(long)]
        body: PathBuf,
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// Ids (hex) of the statements this one answers.
        #[arg(long, num_args = 1..)]
        answers: Vec<String>,
        /// Signing time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Directory of cards, to verify the proofs a performance notice carries.
        #[arg(long)]
        cards: Option<PathBuf>,
        /// Where to write the envelope for the recipient (`-`: standard
        /// output); copies go to FILE.<party id prefix>.
        #[arg(long)]
        out: PathBuf,
        /// Also write the signed statement itself (for the sender's transcript).
        #[arg(long)]
        statement_out: Option<PathBuf>,
        /// Replace output files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Open an envelope and print the verified message as JSON.
    Open {
        /// The recipient's keys.
        #[arg(long)]
        key: PathBuf,
        /// The sender's card: only a statement signed by this party is opened.
        #[arg(long)]
        from: PathBuf,
        /// Directory of further cards (the providers of a notice's proofs).
        #[arg(long)]
        cards: Option<PathBuf>,
        /// Accept only this contract.
        #[arg(long)]
        contract: Option<String>,
        /// Accept copies (statements naming this party as a copy holder).
        #[arg(long)]
        copy: bool,
        /// Write the verified statement's bytes here (for a transcript);
        /// with `-`, the JSON is not printed.
        #[arg(long)]
        statement_out: Option<PathBuf>,
        /// Replace an output file that exists.
        #[arg(long)]
        force: bool,
        /// The envelope (`-`: standard input).
        file: PathBuf,
    },
    /// Time-stamp a statement as an authority.
    Timestamp {
        /// The authority's keys; its next serial number is kept in KEY.card.serial.
        #[arg(long)]
        authority: PathBuf,
        /// A nonce to include (hex).
        #[arg(long)]
        nonce: Option<String>,
        /// Time to attest (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Where to write the token; default STATEMENT.tst (standard output
        /// when the statement is read from standard input).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an output file that exists.
        #[arg(long)]
        force: bool,
        /// The statement (its exact bytes, for example from `open --statement-out`).
        statement: PathBuf,
    },
    /// Sign a receipt for a statement received, sealed to its sender.
    Receipt {
        /// The addressee's keys.
        #[arg(long)]
        key: PathBuf,
        /// The statement received (its exact bytes; `-`: standard input).
        #[arg(long = "for")]
        statement: PathBuf,
        /// The card of the statement's sender.
        #[arg(long)]
        to: PathBuf,
        /// Directory of further cards: the providers of the proofs a
        /// performance notice carries.
        #[arg(long)]
        cards: Option<PathBuf>,
        /// When it was received (RFC 3339); default now.
        #[arg(long)]
        received: Option<String>,
        /// Signing time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Where to write the envelope for the sender (`-`: standard output).
        #[arg(long)]
        out: PathBuf,
        /// Also write the signed receipt itself.
        #[arg(long)]
        statement_out: Option<PathBuf>,
        /// Replace output files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Append cards, statements or tokens to a transcript (created if
    /// absent), after checking them against what it holds; or repair a
    /// transcript an interrupted append left behind.
    Append {
        /// The transcript.
        transcript: PathBuf,
        /// The contract id (needed to create the transcript).
        #[arg(long)]
        contract: Option<String>,
        /// Directory of the cards the transcript's auditors trust: statements
        /// and tokens are verified against them (and the transcript's own),
        /// and a card appended must be one of them.
        #[arg(long)]
        cards: Option<PathBuf>,
        /// The transcript is one party's own partial archive (a provider's or
        /// a bank's): a statement may answer one it does not hold.
        #[arg(long)]
        partial: bool,
        /// Undo an interrupted append (or cut off a torn last record), after
        /// checking that everything before it verifies; no FILES.
        #[arg(long, conflicts_with = "files")]
        repair: bool,
        /// Files holding a card, a statement or a token each (`-`: one from
        /// standard input).
        #[arg(required_unless_present = "repair")]
        files: Vec<PathBuf>,
    },
    /// Verify a transcript (or every *.ect file in a directory) and validate
    /// the contract.
    Audit {
        /// A transcript file (`-`: standard input) or a directory of transcripts.
        transcript: PathBuf,
        /// Directory of the party cards the auditor trusts.
        #[arg(long)]
        trust: PathBuf,
        /// A JSON policy file (SPEC.md section 18.7).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check every signature alone with the reference rule
        /// (verify_strict) instead of in batches (SPEC.md section 17).
        #[arg(long)]
        strict_signatures: bool,
        /// The card of the party whose own archive this is, when it is a
        /// provider's or a bank's: the report covers what that party can
        /// know (SPEC.md section 18.9; the policy's `viewer`).
        #[arg(long)]
        viewer: Option<PathBuf>,
    },
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

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Mermaid,
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
        Command::Keygen {
            name,
            out,
            signing_key,
            encryption_key,
            time,
            force,
        } => cmd::keygen::run(cmd::keygen::Args {
            name,
            out,
            keys: signing_key.zip(encryption_key),
            time,
            force,
        }),
        Command::Seal {
            from,
            to,
            also,
            kind,
            body,
            contract,
            answers,
            time,
            cards,
            out,
            statement_out,
            force,
        } => cmd::seal::run(cmd::seal::Args {
            from,
            to,
            also,
            kind,
            body,
            contract,
            answers,
            time,
            cards,
            out,
            statement_out,
            force,
        }),
        Command::Open {
            key,
            from,
            cards,
            contract,
            copy,
            statement_out,
            force,
            file,
        } => cmd::open::run(cmd::open::Args {
            key,
            from,
            cards,
            contract,
            copy,
            statement_out,
            force,
            file,
        }),
        Command::Timestamp {
            authority,
            nonce,
            time,
            out,
            force,
            statement,
        } => cmd::timestamp::run(cmd::timestamp::Args {
            authority,
            nonce,
            time,
            out,
            force,
            statement,
        }),
        Command::Receipt {
            key,
            statement,
            to,
            cards,
            received,
            time,
            out,
            statement_out,
            force,
        } => cmd::receipt::run(cmd::receipt::Args {
            key,
            statement,
            to,
            cards,
            received,
            time,
            out,
            statement_out,
            force,
        }),
        Command::Append {
            transcript,
            contract,
            cards,
            partial,
            repair,
            files,
        } => {
            if repair {
                cmd::append::repair(&transcript, &cards)
            } else {
                cmd::append::run(cmd::append::Args {
                    transcript,
                    contract,
                    cards,
                    partial,
                    files,
                })
            }
        }
        Command::Audit {
            transcript,
            trust,
            policy,
            format,
            strict_signatures,
            viewer,
        } => cmd::audit::run(cmd::audit::Args {
            transcript,
            trust,
            policy,
            format: match format {
                Format::Text => cmd::audit::Format::Text,
                Format::Json => cmd::audit::Format::Json,
                Format::Mermaid => cmd::audit::Format::Mermaid,
            },
            strict_signatures,
            viewer,
        }),
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
