//! `econtract receipt`: acknowledge a statement received.

use std::path::{Path, PathBuf};

use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{Receipt, Statement, VerifyError, seal};
use getrandom::SysRng;
use rand_core::UnwrapErr;

use crate::error::{CliError, EXIT_OK, stderr_line, stdout_line};
use crate::fsio::{self, Output};
use crate::party;

/// The options of `receipt`.
#[derive(clap::Args)]
pub struct Args {
    /// The addressee's keys.
    #[arg(long)]
    pub key: PathBuf,
    /// The statement received (its exact bytes; `-`: standard input).
    #[arg(long = "for")]
    pub statement: PathBuf,
    /// The card of the statement's sender.
    #[arg(long)]
    pub to: PathBuf,
    /// Directory of further cards: the providers of the proofs a
    /// performance notice carries.
    #[arg(long)]
    pub cards: Option<PathBuf>,
    /// When it was received (RFC 3339); default now.
    #[arg(long)]
    pub received: Option<String>,
    /// Signing time (RFC 3339); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Where to write the envelope for the sender (`-`: standard output).
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the signed receipt itself.
    #[arg(long)]
    pub statement_out: Option<PathBuf>,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Verifies the statement, signs the receipt and seals it to the sender.
pub fn run(a: Args) -> Result<u8, CliError> {
    let received = super::time_arg("--received", &a.received)?;
    let time = super::time_arg("--time", &a.time)?;
    let me = party::read_party(&a.key)?;
    let sender = party::read_card(&a.to)?;
    let mut cards = party::card_dir(&a.cards)?;
    cards.insert(sender.clone());
    let bytes = fsio::read_input(&a.statement, MAX_STATEMENT_SIZE, "statement")?;
    let s = Statement::decode(&bytes).map_err(|e| {
        CliError::input_hint(
            super::shown(&a.statement),
            e,
            super::looks_like(
                &bytes,
                "a statement's exact bytes (from `open --statement-out`)",
                "receipt --for",
            ),
        )
    })?;
    if s.sender() != sender.id() {
        return Err(CliError::input_hint(
            super::shown(&a.statement),
            format!(
                "signed by party {}, but --to is the card of {} ({})",
                s.sender(),
                sender.name(),
                sender.id()
            ),
            "give with --to the card of the statement's sender",
        ));
    }
    let s = s.verify(&cards).map_err(|e| {
        let hint = match e {
            VerifyError::UnknownSigner(_) => {
                "a performance notice carries proofs: give their providers' cards with --cards DIR"
            }
            _ => "the statement was altered after it was signed",
        };
        CliError::input_hint(super::shown(&a.statement), e, hint)
    })?;
    if s.recipient() != me.id() {
        return Err(CliError::input(
            super::shown(&a.statement),
            format!(
                "addressed to party {}, not to {} ({})",
                s.recipient(),
                me.name(),
                me.id()
            ),
        ));
    }
    let r = Statement::build(&me, &sender, s.contract(), time, Receipt { received })
        .answers(s.id())
        .sign()
        .map_err(|e| CliError::input("the receipt", format!("cannot sign: {e}")))?;
    let envelope = seal(&r, &sender, &mut UnwrapErr(SysRng)).map_err(|e| CliError::input("the receipt", e))?;
    let mut outputs = vec![Output::public(&a.out, envelope)];
    if let Some(p) = &a.statement_out {
        outputs.push(Output::public(p, r.as_bytes().to_vec()));
    }
    let binary_to_stdout = outputs.iter().any(|o| fsio::is_dash(&o.path));
    let mut read = party::key_inputs(&a.key);
    read.extend(party::dir_inputs(&a.cards));
    read.extend([a.statement.clone(), a.to.clone()]);
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    fsio::commit_outputs(outputs, a.force, &inputs)?;
    if binary_to_stdout {
        stderr_line(r.id());
    } else {
        stdout_line(r.id())?;
    }
    Ok(EXIT_OK)
}
