//! The fitted answer model: a logistic score over the features of
//! [`super::ask::FEATURES`], one set of weights with the sentence encoder and one
//! without it (lexical only), each with its found/not-found threshold.
//!
//! Fitted by `benches/fit_answer.py` on the tuning half of the development questions
//! (`benches/questions/`); to refit, run `benches/answers.sh fit` and paste the blocks
//! it prints here. Do not tune these by hand against single examples.

use super::ask::FEATURES;

/// A fitted model: a linear ranking of candidate sentences (fitted listwise: which
/// sentence of a question's candidates answers it), and a logistic gate on the best
/// one that decides whether the archive answers at all.
#[derive(Debug)]
pub struct Model {
    /// Ranking weight of each feature.
    pub weights: [f32; FEATURES.len()],
    /// Added to every ranking score.
    pub bias: f32,
    /// Gate weights over the best candidate: its score, its lead over the runner-up,
    /// then its features.
    pub gate: [f32; FEATURES.len() + 2],
    /// Gate weight of the leftover similarity: how well the best few sentences speak
    /// to what the question asks beyond the words they share (see `leftover.rs`; 0
    /// without the encoder).
    pub gate_leftover: f32,
    /// Added to the gate; the archive answers when the gate is at least 0.
    pub gate_bias: f32,
    /// Further answer sentences must score within this of the best one.
    pub margin: f32,
}

impl Model {
    /// The ranking score of a sentence with these features.
    pub fn score(&self, features: &[f32; FEATURES.len()]) -> f32 {
        self.bias + dot(&self.weights, features)
    }

    /// Whether the archive answers, judged on the best candidate (score `best`,
    /// features `features`), the runner-up's score (`None` when it is the only
    /// candidate) and `leftover`, the best leftover similarity among the few best
    /// candidates (at least 0).
    pub fn answers(
        &self,
        best: f32,
        runner_up: Option<f32>,
        features: &[f32; FEATURES.len()],
        leftover: f32,
    ) -> bool {
        let lead = best - runner_up.unwrap_or(best - 5.0);
        let gate = self.gate_bias
            + self.gate[0] * best
            + self.gate[1] * lead
            + dot(&self.gate[2..], features)
            + self.gate_leftover * leftover;
        gate >= 0.0
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

// BEGIN FITTED (benches/fit_answer.py)
/// With the sentence encoder.
pub static SEMANTIC: Model = Model {
    weights: [
        13.2569, 1.3774, 2.6088, 0.1904, 2.7956, 3.5141, 1.4486, 1.1477, -1.0211, -0.5866, 1.1128,
        1.3804, 0.6015, -2.1569, -2.0623, -2.1556, -0.0000,
    ],
    bias: -9.6899,
    gate: [
        0.0000, 0.0281, 2.6381, 0.0000, 0.2941, 0.0000, 0.0000, 0.0000, 0.8634, 0.1612, -0.3199,
        -2.0403, 0.0000, 1.0046, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_leftover: 4.6542,
    gate_bias: -3.9775,
    margin: 3.0,
};
/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 2.6707, 4.5113, 5.2530, 2.3441, 1.2146, -1.0397, -0.9805, 1.6857,
        1.3264, 0.6780, -2.3146, -1.8679, -2.4937, -0.0000,
    ],
    bias: -3.9116,
    gate: [
        0.0100, 0.0556, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.5394, 0.0966, 0.4505, -0.8537,
        -1.2171, 0.0000, 0.4150, 0.0000, 0.0000, 0.0000, 0.0000, -0.1436,
    ],
    gate_leftover: 0.0000,
    gate_bias: -1.0151,
    margin: 2.0,
};
// END FITTED
