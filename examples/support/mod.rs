//! The example contract, shared by `international_trade` and `dispute`:
//! the seven-step procedure among a seller, a buyer, a carrier, an insurer
//! (a CIF contract), the buyer's bank and a time-stamp authority. Every
//! statement really travels: signed by its sender, sealed to its recipient,
//! opened and verified by the recipient, acknowledged with a receipt where
//! the law needs one, time-stamped by the authority. The seller archives
//! everything in a transcript file, which is then audited.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use econtract::*;
use getrandom::SysRng;
use rand_core::UnwrapErr;

type Res<T> = Result<T, Box<dyn Error>>;

/// What goes wrong in the story, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twist {
    /// Everything as agreed.
    None,
    /// The buyer's acceptance reaches the seller after the offer lapsed.
    LateAcceptance,
    /// The seller transfers the bill of lading before the buyer pays.
    TitleBeforePayment,
}

/// 2026-03-02T08:00:00Z plus `hours`.
fn at(hours: u64) -> UnixTime {
    UnixTime::from_secs(1_772_438_400 + hours * 3600).expect("in range")
}

pub struct Demo {
    pub transcript: PathBuf,
    pub cards: CardSet,
    rng: UnwrapErr<SysRng>,
    seller: PartySecret,
    buyer: PartySecret,
    carrier: PartySecret,
    insurer: PartySecret,
    bank: PartySecret,
    tsa: LocalAuthority<Box<dyn Fn() -> UnixTime>>,
    tsa_time: std::rc::Rc<std::cell::Cell<u64>>,
    archive: TranscriptWriter<fs::File>,
    contract: ContractId,
    verbose: bool,
}

impl Demo {
    /// New parties with fresh keys; their cards written to `dir/cards/`; an
    /// empty transcript at `dir/contract.ect`.
    pub fn new(dir: &Path, contract: &str, verbose: bool) -> Res<Demo> {
        fs::create_dir_all(dir.join("cards"))?;
        let mut rng = UnwrapErr(SysRng);
        let t0 = at(0);
        let seller = PartySecret::generate("Santos Coffee Exports Ltda", t0, &mut rng)?;
        let buyer = PartySecret::generate("Rotterdam Roasters BV", t0, &mut rng)?;
        let carrier = PartySecret::generate("Atlantic Ocean Lines SA", t0, &mut rng)?;
        let insurer = PartySecret::generate("Lloyd's Syndicate 9999", t0, &mut rng)?;
        let bank = PartySecret::generate("Banco do Comercio SA", t0, &mut rng)?;
        let tsa_key = PartySecret::generate("Qualified Time-Stamp Service", t0, &mut rng)?;
        let tsa_time = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let tick = tsa_time.clone();
        let clock: Box<dyn Fn() -> UnixTime> =
            Box::new(move || UnixTime::from_secs(tick.get()).unwrap_or(UnixTime::MAX));
        let tsa = LocalAuthority::new(tsa_key, clock, 1).with_accuracy(1);
        let mut cards = CardSet::new();
        for card in [
            seller.card(),
            buyer.card(),
            carrier.card(),
            insurer.card(),
            bank.card(),
            tsa.card(),
        ] {
            let file = dir
                .join("cards")
                .join(format!("{}.card", card.id().to_hex()[..16].to_owned()));
            fs::write(&file, card.as_bytes())?;
            cards.insert(card.clone());
        }
        let contract = ContractId::new(contract)?;
        let transcript = dir.join("contract.ect");
        let mut archive = TranscriptWriter::create(fs::File::create(&transcript)?, &contract)?;
        for c in cards.iter() {
            archive.card(c)?;
        }
        Ok(Demo {
            transcript,
            cards,
            rng,
            seller,
            buyer,
            carrier,
            insurer,
            bank,
            tsa,
            tsa_time,
            archive,
            contract,
            verbose,
        })
    }

    fn say(&self, line: String) {
        if self.verbose {
            println!("{line}");
        }
    }

    /// Signs `message` from `from` to `to` at `when`, has it time-stamped,
    /// seals it to `to`, lets `to` open and verify it, and archives it.
    fn send(
        &mut self,
        from: &PartySecret,
        to: &PartySecret,
        when: UnixTime,
        message: impl Into<Message>,
        answers: &[StatementId],
    ) -> Res<Verified<Statement>> {
        let mut b = Statement::build(from, to.card(), &self.contract, when, message).proof_cards(&self.cards);
        for a in answers {
            b = b.answers(*a);
        }
        let statement = b.sign()?;
        let envelope = seal(&statement, to.card(), &mut self.rng)?;
        let opened = open(&envelope, to, &self.cards, Some(&self.contract))?;
        assert_eq!(opened.id(), statement.id());
        self.archive.statement(&statement)?;
        self.say(format!(
            "  {} -> {}: {} ({} bytes sealed), {}",
            from.name(),
            to.name(),
            statement.kind(),
            envelope.len(),
            when
        ));
        if statement.kind() != Kind::Receipt {
            self.tsa_time.set(when.as_secs() + 2);
            let token = request_timestamp(&mut self.tsa, statement.id(), None)?;
            self.archive.token(&token)?;
        }
        Ok(statement)
    }

    /// `by` acknowledges that `what` reached it at `when`.
    fn receipt(&mut self, by: &PartySecret, to: &PartySecret, what: &Statement, when: UnixTime) -> Res<()> {
        self.send(by, to, when.plus(60), Receipt { received: when }, &[what.id()])?;
        Ok(())
    }

    /// Runs the procedure with `twist`; returns the transcript path.
    pub fn run(mut self, twist: Twist) -> Res<PathBuf> {
        // The parties act through `self.send`, which needs `self` mutably.
        let seller = clone(&self.seller)?;
        let buyer = clone(&self.buyer)?;
        let carrier = clone(&self.carrier)?;
        let insurer = clone(&self.insurer)?;
        let bank = clone(&self.bank)?;

        let terms = Terms {
            seller: seller.id(),
            buyer: buyer.id(),
            goods: vec![GoodsLine {
                description: "Brazilian Arabica green coffee, NY grade 2/3, screen 17/18, crop 2025/26".into(),
                quantity: 19_200,
                unit: "KGM".into(),
            }],
            price: Amount::new("USD", 9_600_000)?,
            incoterm: Incoterm::Cif,
            place: "Rotterdam".into(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: "documentary collection; SWIFT credit transfer by the buyer's bank".into(),
            },
            services: vec![
                Service {
                    provider: carrier.id(),
                    service: ServiceKind::Carriage,
                    task: "Carry 320 bags in one 20ft container, Santos to Rotterdam; issue an electronic bill of lading to the seller".into(),
                },
                Service {
                    provider: insurer.id(),
                    service: ServiceKind::Insurance,
                    task: "Insure the cargo on Institute Cargo Clauses (A) for 110% of the CIF value".into(),
                },
            ],
            law: Law {
                cisg: true,
                governing: "CISG; otherwise English law; arbitration under the LCIA Rules, London".into(),
            },
        };
        let lapse = if twist == Twist::LateAcceptance {
            at(24)
        } else {
            at(7 * 24)
        };

        self.say("1. Offer".into());
        let offer = self.send(
            &seller,
            &buyer,
            at(1),
            Offer {
                terms: terms.clone(),
                lapse: Some(lapse),
                irrevocable: false,
            },
            &[],
        )?;
        self.receipt(&buyer, &seller, &offer, at(1).plus(120))?;

        self.say("2. Acceptance".into());
        let accept_at = if twist == Twist::LateAcceptance { at(30) } else { at(20) };
        let acceptance = self.send(
            &buyer,
            &seller,
            accept_at,
            Acceptance {
                changes: None,
                note: Some("Accepted as offered.".into()),
            },
            &[offer.id()],
        )?;
        self.receipt(&seller, &buyer, &acceptance, accept_at.plus(90))?;
        if twist == Twist::LateAcceptance {
            self.say("   (the acceptance arrived after the offer lapsed; the seller does not confirm it)".into());
            return self.finish();
        }

        self.say("3. Service instructions".into());
        let carriage = self.send(
            &seller,
            &carrier,
            at(22),
            ServiceInstruction {
                service: ServiceKind::Carriage,
                task: terms.services[0].task.clone(),
            },
            &[acceptance.id()],
        )?;
        let insurance = self.send(
            &seller,
            &insurer,
            at(23),
            ServiceInstruction {
                service: ServiceKind::Insurance,
                task: terms.services[1].task.clone(),
            },
            &[acceptance.id()],
        )?;

        self.say("4. Service proofs (the carrier issues the electronic bill of lading to the seller)".into());
        let ebl = b"ELECTRONIC BILL OF LADING AOL-SSZ-RTM-2026-000417: 320 bags green coffee, shipped on board MV Atlantic Star, Santos, 2026-03-05";
        let bill = TitleDocument {
            document_type: DocumentType::BillOfLading,
            id: "AOL-SSZ-RTM-2026-000417".into(),
            digest: Digest::of(ebl),
            holder: seller.id(),
        };
        let proof_carriage = self.send(
            &carrier,
            &seller,
            at(72),
            ServiceProof {
                service: ServiceKind::Carriage,
                report: "Shipped on board MV Atlantic Star at Santos; container MSCU 123456-5".into(),
                document: Some(bill.clone()),
            },
            &[carriage.id()],
        )?;
        let proof_insurance = self.send(
            &insurer,
            &seller,
            at(70),
            ServiceProof {
                service: ServiceKind::Insurance,
                report: "Certificate MC-2026-88231 issued, ICC (A), USD 105,600.00".into(),
                document: None,
            },
            &[insurance.id()],
        )?;

        self.say("5. Performance notice, carrying both proofs".into());
        let notice = self.send(
            &seller,
            &buyer,
            at(74),
            PerformanceNotice {
                due: terms.price,
                proofs: vec![
                    proof_carriage.clone().into_inner(),
                    proof_insurance.clone().into_inner(),
                ],
            },
            &[],
        )?;
        self.receipt(&buyer, &seller, &notice, at(74).plus(300))?;

        let doc = DocumentRef {
            id: bill.id.clone(),
            digest: bill.digest,
        };
        if twist == Twist::TitleBeforePayment {
            self.say("7. Title transfer (before any payment!)".into());
            self.send(
                &seller,
                &buyer,
                at(76),
                TitleTransfer { document: doc.clone() },
                &[notice.id()],
            )?;
        }

        self.say("6. Payment through the buyer's bank".into());
        let payment = self.send(
            &bank,
            &seller,
            at(96),
            Payment {
                amount: terms.price,
                end_to_end_id: "RR-2026-0417-COFFEE".into(),
                instrument: Instrument::FundsTransfer,
                method: "SWIFT MT103 via documentary collection".into(),
                is_final: true,
                maturity: None,
                on_behalf_of: Some(buyer.id()),
            },
            &[notice.id()],
        )?;
        self.receipt(&seller, &bank, &payment, at(96).plus(600))?;

        if twist != Twist::TitleBeforePayment {
            self.say("7. Title transfer of the bill of lading to the buyer".into());
            let transfer = self.send(
                &seller,
                &buyer,
                at(98),
                TitleTransfer { document: doc },
                &[payment.id()],
            )?;
            self.receipt(&buyer, &seller, &transfer, at(98).plus(120))?;
        }
        self.finish()
    }

    fn finish(self) -> Res<PathBuf> {
        self.archive.finish()?.sync_all()?;
        Ok(self.transcript)
    }
}

fn clone(p: &PartySecret) -> Res<PartySecret> {
    Ok(PartySecret::from_secrets(
        p.name(),
        &p.signing_seed(),
        &p.encryption_secret(),
        p.card().created(),
    )?)
}

/// Audits `transcript` trusting the cards in `cards_dir`; returns the text
/// report and the report.
pub fn audit_file(transcript: &Path, cards_dir: &Path) -> Res<(String, Report)> {
    let mut trusted = CardSet::new();
    for entry in fs::read_dir(cards_dir)? {
        let card = PartyCard::from_bytes(&fs::read(entry?.path())?)?;
        trusted.insert(card);
    }
    let mut timeline = Vec::new();
    let file = std::io::BufReader::new(fs::File::open(transcript)?);
    let report = audit(file, Some(&trusted), Policy::default(), |e| timeline.push(e.clone()))?;
    Ok((econtract::render::text(&report, &timeline), report))
}
