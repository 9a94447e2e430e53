//! The fitted answer model: a logistic score over the features of
//! [`super::ask::FEATURES`], one set of weights with the sentence encoder and one
//! without it (lexical only), each with its found/not-found threshold.
//!
//! Fitted by `benches/fit_answer.py` on the tuning half of the development questions
//! (`benches/questions/`); to refit, run `benches/run.sh answers` and paste the block
//! it prints here. Do not tune these by hand against single examples.

/// A fitted model: a linear ranking of candidate sentences (fitted listwise: which
/// sentence of a question's candidates answers it), and a logistic gate on the best
/// one that decides whether the archive answers at all.
#[derive(Debug)]
pub struct Model {
    /// Ranking weight of each feature.
    pub weights: [f32; 15],
    /// Added to every ranking score.
    pub bias: f32,
    /// Gate weights over the best candidate: its score, its lead over the runner-up,
    /// then its features.
    pub gate: [f32; 17],
    /// Added to the gate; the archive answers when the gate is at least 0.
    pub gate_bias: f32,
    /// Further answer sentences must score within this of the best one.
    pub margin: f32,
}

impl Model {
    /// The ranking score of a sentence with these features.
    pub fn score(&self, features: &[f32; 15]) -> f32 {
        self.bias + dot(&self.weights, features)
    }

    /// Whether the best candidate (score `best`, features `features`) answers, given
    /// the runner-up's score (`None` when it is the only candidate).
    pub fn answers(&self, best: f32, runner_up: Option<f32>, features: &[f32; 15]) -> bool {
        let lead = best - runner_up.unwrap_or(best - 5.0);
        let gate = self.gate_bias
            + self.gate[0] * best
            + self.gate[1] * lead
            + dot(&self.gate[2..], features);
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
        12.5154, -0.0785, 6.5590, 0.1305, 4.6079, 3.4716, 0.2416, 1.1635, -1.0753, -0.2908, 1.8925,
        0.6047, 0.9395, -1.6376, -2.2764,
    ],
    bias: -10.7858,
    gate: [
        0.0055, 0.4818, 3.5100, 0.6737, 2.0530, 0.3610, -2.4389, -0.1438, 1.0787, 0.3141, -0.6841,
        -0.9890, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -4.0209,
    margin: 2.0,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 3.5484, 6.6289, 5.5238, 1.1497, 1.2887, -1.1527, -0.5204, 2.5355,
        -0.0151, 0.8557, -2.1923, -2.3089,
    ],
    bias: -3.7015,
    gate: [
        0.0646, 0.1832, 0.0000, 0.0000, 0.0000, -1.3521, 0.7084, -0.1666, 0.6251, 0.6495, 0.5781,
        -0.3125, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -1.6159,
    margin: 1.5,
};
// END FITTED
