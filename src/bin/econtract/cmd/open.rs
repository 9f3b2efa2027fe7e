//! `econtract open`: open an envelope and print the verified statement.

use std::path::{Path, PathBuf};

use econtract::envelope::MAX_ENVELOPE_SIZE;
use econtract::{OpenError, Opener};

use crate::error::{CliError, EXIT_OK, stdout_line};
use crate::fsio::{self, Output};
use crate::party;

/// The options of `open`.
#[derive(clap::Args)]
pub struct Args {
    /// The recipient's keys.
    #[arg(long)]
    pub key: PathBuf,
    /// The sender's card: only a statement signed by this party is opened.
    #[arg(long)]
    pub from: PathBuf,
    /// Directory of further cards (the providers of a notice's proofs).
    #[arg(long)]
    pub cards: Option<PathBuf>,
    /// Accept only this contract.
    #[arg(long)]
    pub contract: Option<String>,
    /// Accept copies (statements naming this party as a copy holder).
    #[arg(long)]
    pub copy: bool,
    /// Write the verified statement's bytes here (for a transcript);
    /// with `-`, the JSON is not printed.
    #[arg(long)]
    pub statement_out: Option<PathBuf>,
    /// Replace an output file that exists.
    #[arg(long)]
    pub force: bool,
    /// The envelope (`-`: standard input).
    pub file: PathBuf,
}

/// Opens, verifies, and prints (or writes) the statement.
pub fn run(a: Args) -> Result<u8, CliError> {
    let contract = a.contract.as_deref().map(super::contract_arg).transpose()?;
    let me = party::read_party(&a.key)?;
    let sender = party::read_card(&a.from)?;
    let mut known = party::card_dir(&a.cards)?;
    let expected = sender.id();
    let sender_name = sender.name().to_owned();
    known.insert(sender);
    let envelope = fsio::read_input(&a.file, MAX_ENVELOPE_SIZE, "envelope")?;
    let mut opener = Opener::new(&me).from(expected);
    if let Some(c) = &contract {
        opener = opener.contract(c);
    }
    if a.copy {
        opener = opener.allow_copies();
    }
    let s = opener.open(&envelope, &known).map_err(|e| {
        let hint = match &e {
            OpenError::Decode(_) => super::looks_like(&envelope, "an envelope made by `seal`", "open"),
            OpenError::NotForThisKey { .. } => format!("the envelope is sealed to another party, not to {}", me.name()),
            OpenError::WrongSender { .. } => format!(
                "--from names {sender_name}; give the card of the party who signed it, if you expected that party"
            ),
            OpenError::Verify(econtract::VerifyError::UnknownSigner(_)) => {
                "give the card of each provider whose proof it carries with --cards DIR".to_string()
            }
            _ => "the envelope or the statement in it was altered, or is not for you".to_string(),
        };
        CliError::input_hint(super::shown(&a.file), e, hint)
    })?;
    match &a.statement_out {
        Some(p) => {
            let mut read = party::key_inputs(&a.key);
            read.extend(party::dir_inputs(&a.cards));
            read.extend([a.file.clone(), a.from.clone()]);
            let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
            fsio::commit_outputs(vec![Output::public(p, s.as_bytes().to_vec())], a.force, &inputs)?;
            if fsio::is_dash(p) {
                return Ok(EXIT_OK);
            }
        }
        None if a.force => return Err(CliError::usage("--force is only for --statement-out")),
        None => {}
    }
    let j = serde_json::to_string_pretty(&super::statement_json(&s)).map_err(|e| CliError::input("statement", e))?;
    stdout_line(j)?;
    Ok(EXIT_OK)
}
