//! What a question asks for: the kind of answer it expects (a number, a person, a
//! date, a place, a reason), the numbers it names, and for "what did X say about Y"
//! questions, who X is. Plain text rules; the weights that use them are fitted.

/// The kind of fact a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerType {
    /// How many, how much, what percentage, how long …
    Number,
    /// Who (a name the question does not already hold).
    Person,
    /// When, what year …
    Date,
    /// Where, which city …
    Place,
    /// Why, what led to …
    Reason,
}

/// A question, analyzed for answer selection.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// The expected kind of answer, when the question says.
    pub expects: Option<AnswerType>,
    /// Numbers written in the question ("2004", "76").
    pub numbers: Vec<String>,
    /// The speaker X of "what did X say/think/describe …", as written.
    pub speaker_words: Vec<String>,
    /// Lowercased words of the question (to tell new names from named ones).
    pub words: Vec<String>,
    /// Capitalised words after the first ("Putin", "Trump", "APEC"), as written.
    pub names: Vec<String>,
    /// Y of "what did X say … about Y" ("Trump at APEC"), when the question asks
    /// what someone said about something.
    pub about: Option<String>,
}

const NUMBER_CUES: &[&str] = &[
    "how many",
    "how much",
    "how long",
    "how far",
    "how big",
    "how old",
    "how large",
    "how high",
    "how fast",
    "how often",
    "what percentage",
    "what proportion",
    "what share",
    "what amount",
    "what price",
    "what figure",
    "what sum",
    "what fee",
    "what fine",
    "what total",
    "by how",
    "what was the cost",
    "what score",
    "what margin",
    "what rate",
    "how heavily",
];
const DATE_CUES: &[&str] = &[
    "when",
    "what year",
    "which year",
    "what date",
    "what month",
    "which month",
    "what day",
    "which day",
    "how soon",
    "what time",
];
const PLACE_CUES: &[&str] = &[
    "where",
    "which city",
    "what city",
    "which country",
    "what country",
    "which town",
    "what town",
    "what venue",
    "which venue",
    "which stadium",
    "what stadium",
    "which ground",
    "what location",
    "which region",
    "which state",
];
const PERSON_CUES: &[&str] = &[
    "who",
    "whom",
    "whose",
    "which player",
    "which company",
    "which firm",
    "which team",
    "which club",
    "which minister",
    "which actor",
    "which singer",
    "which band",
    "what company",
    "what firm",
    "which group",
];
const REASON_CUES: &[&str] = &[
    "why",
    "what reason",
    "what led",
    "what caused",
    "what prompted",
    "for what reason",
    "what made",
];

/// Verbs of "what did X say/… about Y".
const SPEECH_VERBS: &[&str] = &[
    "say",
    "said",
    "think",
    "describe",
    "call",
    "tell",
    "claim",
    "admit",
    "warn",
    "reveal",
    "argue",
    "suggest",
    "comment",
    "feel",
    "characterise",
    "characterize",
    "make",
];

fn has_cue(lower: &str, cues: &[&str]) -> bool {
    cues.iter()
        .any(|c| whole_word_at(lower, c).next().is_some())
}

/// Where `word` (or phrase) stands in `lower` as whole words, not inside others.
fn whole_word_at<'a>(lower: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    lower.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Question {
    /// Analyzes a question.
    pub fn parse(text: &str) -> Question {
        let lower = text.to_lowercase();
        // Number cues first: "how long ago" is a number, "when" later in a clause
        // ("how much … when …") is not the question's.
        let expects = if has_cue(&lower, NUMBER_CUES) {
            Some(AnswerType::Number)
        } else if has_cue(&lower, REASON_CUES) {
            Some(AnswerType::Reason)
        } else if has_cue(&lower, DATE_CUES) || asks_which(&lower, DATE_NOUNS) {
            Some(AnswerType::Date)
        } else if has_cue(&lower, PLACE_CUES) || asks_which(&lower, PLACE_NOUNS) {
            Some(AnswerType::Place)
        } else if has_cue(&lower, PERSON_CUES) || asks_for_a_name(&lower) {
            Some(AnswerType::Person)
        } else {
            None
        };
        let words: Vec<String> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let numbers = words
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        let names = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .skip(1)
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_string)
            .collect();
        let speaker_words = speaker_of(text);
        let about = if speaker_words.is_empty() {
            None
        } else {
            about_of(text)
        };
        Question {
            expects,
            numbers,
            speaker_words,
            words,
            names,
            about,
        }
    }

    /// The names in the question other than the speaker's ("Trump" in "What did
    /// Putin say about Trump?").
    pub fn other_names(&self) -> Vec<String> {
        // "Brien" of "O'Brien" and "Putin" of "Putin's spokesman" are the speaker.
        self.names
            .iter()
            .filter(|n| !self.speaker_words.iter().any(|w| w.contains(n.as_str())))
            .cloned()
            .collect()
    }
}

/// "Which Vietnamese city …": "which" or "what" with one of `nouns` among the next
/// three words.
fn asks_which(lower: &str, nouns: &[&str]) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "which" | "what") && words[i + 1..].iter().take(3).any(|n| nouns.contains(n))
    })
}

const PLACE_NOUNS: &[&str] = &[
    "city",
    "country",
    "town",
    "venue",
    "stadium",
    "region",
    "state",
    "capital",
    "island",
    "county",
    "village",
    "nation",
    "ground",
    "location",
    "continent",
    "province",
];
const DATE_NOUNS: &[&str] = &["year", "month", "day", "date", "decade", "season"];

/// "Which brand …", "What title …": a question whose answer is a name (a word the
/// question does not hold, capitalised), unless it asks for a date, place or number.
fn asks_for_a_name(lower: &str) -> bool {
    let mut words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some("which"), Some(_)) => true,
        (Some("what"), Some(next)) => NAME_NOUNS.contains(&next),
        _ => false,
    }
}

/// Nouns after "what" that ask for a name.
const NAME_NOUNS: &[&str] = &[
    "title",
    "name",
    "nickname",
    "brand",
    "company",
    "firm",
    "film",
    "song",
    "album",
    "book",
    "show",
    "programme",
    "team",
    "club",
    "party",
    "product",
    "game",
    "word",
    "keyword",
    "award",
    "prize",
    "group",
    "band",
    "organisation",
    "organization",
    "newspaper",
    "channel",
];

/// X in "what did X say …" / "how does X describe …": the words between the
/// auxiliary and the speech verb.
fn speaker_of(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = raw.iter().map(|w| w.to_lowercase()).collect();
    let aux = lower
        .iter()
        .position(|w| matches!(w.as_str(), "did" | "does" | "do" | "has" | "have" | "had"));
    let Some(aux) = aux else {
        return Vec::new();
    };
    let Some(verb) = (aux + 1..lower.len()).find(|&i| SPEECH_VERBS.contains(&lower[i].as_str()))
    else {
        return Vec::new();
    };
    if verb == aux + 1 || verb - aux > 6 {
        return Vec::new();
    }
    raw[aux + 1..verb].iter().map(|w| w.to_string()).collect()
}

/// Y in "… about Y?": the rest of the question after its first "about".
fn about_of(text: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte where it was, so `at` indexes `text` too
    // (full lowercasing changes lengths: "İ" grows, the Kelvin sign shrinks).
    let lower = text.to_ascii_lowercase();
    let at = whole_word_at(&lower, "about").next()?;
    let y = text[at + 5..]
        .trim()
        .trim_end_matches(['?', '.', '!'])
        .trim();
    (!y.is_empty()).then(|| y.to_string())
}

/// Words an article puts before a person's name that stand for them later ("Russian
/// President Vladimir Putin" gives "russian", "president").
pub fn role_words(body: &str, name_words: &[String]) -> Vec<Vec<String>> {
    let Some(surname) = name_words
        .iter()
        .rev()
        .find(|w| w.chars().next().is_some_and(char::is_uppercase))
    else {
        return Vec::new();
    };
    let words: Vec<&str> = body
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut roles: Vec<Vec<String>> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if *w != surname {
            continue;
        }
        // Skip the given name(s), then take capitalised title words before them.
        let mut j = i;
        while j > 0 && words[j - 1].chars().next().is_some_and(char::is_uppercase) {
            j -= 1;
        }
        let titled: Vec<String> = words[j..i]
            .iter()
            .map(|w| w.to_lowercase())
            .filter(|w| ROLE_WORDS.contains(&w.as_str()) || is_adjective_of_place(w))
            .collect();
        if titled.iter().any(|w| ROLE_WORDS.contains(&w.as_str())) && !roles.contains(&titled) {
            roles.push(titled);
        }
    }
    roles
}

fn is_adjective_of_place(w: &str) -> bool {
    w.ends_with("an") || w.ends_with("ish") || w.ends_with("ese") || w.ends_with("ch")
}

/// Titles that a later sentence may use instead of the name.
pub(crate) const ROLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "chancellor",
    "secretary",
    "leader",
    "chairman",
    "chief",
    "executive",
    "boss",
    "manager",
    "coach",
    "captain",
    "director",
    "governor",
    "senator",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "king",
    "queen",
    "prince",
    "general",
    "mayor",
    "premier",
    "envoy",
    "founder",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Question {
        Question::parse(text)
    }

    #[test]
    fn answer_types_come_from_the_question_words() {
        assert_eq!(
            q("How many jobs will go at the plant?").expects,
            Some(AnswerType::Number)
        );
        assert_eq!(
            q("Which Vietnamese city hosted the APEC summit?").expects,
            Some(AnswerType::Place)
        );
        assert_eq!(
            q("When did the two leaders first meet?").expects,
            Some(AnswerType::Date)
        );
        assert_eq!(
            q("Who replaced the chief executive?").expects,
            Some(AnswerType::Person)
        );
        assert_eq!(
            q("Why did the shares fall?").expects,
            Some(AnswerType::Reason)
        );
        assert_eq!(q("What tone did the call have?").expects, None);
        assert_eq!(
            q("Which foot-care brand does it make?").expects,
            Some(AnswerType::Person)
        );
        assert_eq!(
            q("What title did ABC first intend?").expects,
            Some(AnswerType::Person)
        );
    }

    #[test]
    fn the_speaker_of_a_what_did_x_say_question() {
        let x = q("What did Putin say about Trump at APEC?");
        assert_eq!(x.speaker_words, ["Putin"]);
        let x = q("How did the Russian president describe Trump?");
        assert_eq!(x.speaker_words, ["the", "Russian", "president"]);
        assert!(q("What happened at the summit?").speaker_words.is_empty());
        assert_eq!(
            q("What did Putin say about Trump at APEC?").other_names(),
            ["Trump", "APEC"]
        );
        assert_eq!(
            q("What did Putin say about Trump at APEC?")
                .about
                .as_deref(),
            Some("Trump at APEC")
        );
        assert_eq!(q("What is the fuss about?").about, None);
        // Letters whose lowercase has another length do not shift the cut.
        assert_eq!(
            q("What did İzmir's mayor say about—the port?")
                .about
                .as_deref(),
            Some("—the port")
        );
        assert_eq!(q("What did İzmir's mayor say about").about, None);
        assert_eq!(
            q("What did O'Brien say about Smith?").other_names(),
            ["Smith"]
        );
        assert!(q("What did Putin's spokesman say about Kyiv?").other_names() == ["Kyiv"]);
        assert_eq!(q("Who talked about Syria?").about, None);
        assert_eq!(
            q("Was 2,018 the year? In 2004 maybe").numbers,
            ["2", "018", "2004"]
        );
    }

    #[test]
    fn roles_are_read_from_the_article() {
        let body = "US President Donald Trump met Russian President Vladimir Putin. Later the Russian president said more.";
        let roles = role_words(body, &["Putin".to_string()]);
        assert_eq!(
            roles,
            [vec!["russian".to_string(), "president".to_string()]]
        );
        assert!(role_words(body, &["nobody".to_string()]).is_empty());
    }
}
