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
        13.0930, 1.8319, 5.6923, -0.0983, 4.3819, 1.8292, 0.9852, 1.1153, -1.0172, -0.3369, 1.8690,
        0.7409, 0.9673, -1.9060, -2.3160,
    ],
    bias: -10.8990,
    gate: [
        -0.0070, 0.4312, 3.2783, 0.2278, 1.6083, 0.5218, -2.0191, 0.0278, 0.9360, 0.2584, -0.8275,
        -1.0583, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -3.6036,
    margin: 2.0,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 3.3358, 6.5732, 4.0705, 1.8145, 1.2325, -1.0781, -0.7185, 2.4977,
        0.0824, 0.9011, -2.3205, -2.2270,
    ],
    bias: -3.4992,
    gate: [
        0.0885, 0.2312, 0.0000, 0.0000, 0.0000, -1.4897, 0.8887, -0.4346, 0.8779, 0.7318, 0.4604,
        -0.2689, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -2.1350,
    margin: 1.0,
};
// END FITTED
