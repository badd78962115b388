#!/usr/bin/env python3
"""Writes the scikit-learn reference that EvaluationAgainstSklearnTest compares vitface evaluate with.

Run once, from the repository root, with scikit-learn installed (Debian: apt-get install python3-sklearn):

    /usr/bin/python3 tools/sklearn_reference.py

It writes src/test/resources/eval/sklearn/:
  labels.csv       FairFace-format ground truth (file,age,gender,race,service_test)
  predictions.csv  classify --format csv output for the same files, given as images/<file>
  expected.json    classification_report text (digits 2 and 4) and output_dict, confusion_matrix
                   over every label, and accuracy / macro-F1 within each labelled group, per task

The data are random (seeded) and shaped to hit the edge cases: an age class that is labelled but
never predicted ("0-2"), one predicted but never labelled ("more than 70"), a race on neither side
("Middle Eastern"), a race group with a single face ("Indian"), file names with commas and quotes,
and two rows with inference errors, which must be left out.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

LABELS = {
    "age": ["0-2", "10-19", "20-29", "3-9", "30-39", "40-49", "50-59", "60-69", "more than 70"],
    "gender": ["Female", "Male"],
    "race": ["Black", "East Asian", "Indian", "Latino_Hispanic", "Middle Eastern", "Southeast Asian", "White"],
}
LABELLED = {  # classes that occur in the ground truth
    "age": [a for a in LABELS["age"] if a != "more than 70"],
    "gender": LABELS["gender"],
    "race": ["Black", "East Asian", "Latino_Hispanic", "Southeast Asian", "White"],  # Indian: added once below
}
PREDICTABLE = {  # classes the fake model may output
    "age": [a for a in LABELS["age"] if a != "0-2"],
    "gender": LABELS["gender"],
    "race": [r for r in LABELS["race"] if r != "Middle Eastern"],
}
OUT = os.path.join("src", "test", "resources", "eval", "sklearn")
ROWS = 240


def main():
    rng = np.random.default_rng(20240611)
    files = [f"val/{i + 1}.jpg" for i in range(ROWS)]
    files[5] = 'val/with, comma.jpg'
    files[6] = 'val/with "quotes".jpg'
    truth = {task: [str(rng.choice(LABELLED[task])) for _ in range(ROWS)] for task in LABELS}
    truth["race"][17] = "Indian"
    pred = {}
    for task in LABELS:
        column = []
        for t in truth[task]:
            if t in PREDICTABLE[task] and rng.random() < 0.6:
                column.append(t)
            else:
                column.append(str(rng.choice(PREDICTABLE[task])))
        pred[task] = column
    errors = {40: "cannot decode image: truncated JPEG", 41: "image is 0x0"}

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "age", "gender", "race", "service_test"])
        for i in range(ROWS):
            w.writerow([files[i], truth["age"][i], truth["gender"][i], truth["race"][i], i % 2 == 0])
    with open(os.path.join(OUT, "predictions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "age", "age_probability", "gender", "gender_probability", "race", "race_probability", "error"])
        for i in range(ROWS):
            if i in errors:
                w.writerow(["images/" + files[i], "", "", "", "", "", "", errors[i]])
            else:
                w.writerow(["images/" + files[i], pred["age"][i], "0.5000", pred["gender"][i], "0.9000",
                            pred["race"][i], "0.7000", ""])

    keep = [i for i in range(ROWS) if i not in errors]
    expected = {"sklearn_version": sklearn.__version__, "faces": len(keep), "tasks": {}}
    for task in LABELS:
        y_true = [truth[task][i] for i in keep]
        y_pred = [pred[task][i] for i in keep]
        entry = {
            "report_digits_2": classification_report(y_true, y_pred, zero_division=0),
            "report_digits_4": classification_report(y_true, y_pred, digits=4, zero_division=0),
            "report_dict": classification_report(y_true, y_pred, zero_division=0, output_dict=True),
            "confusion": confusion_matrix(y_true, y_pred, labels=LABELS[task]).tolist(),
            "by_group": {},
        }
        for other in LABELS:
            if other == task:
                continue
            groups = {}
            for group in LABELS[other]:
                rows = [i for i in keep if truth[other][i] == group]
                if not rows:
                    continue
                t = [truth[task][i] for i in rows]
                p = [pred[task][i] for i in rows]
                groups[group] = {"n": len(rows), "accuracy": accuracy_score(t, p),
                                 "macro_f1": f1_score(t, p, average="macro", zero_division=0)}
            entry["by_group"][other] = groups
        expected["tasks"][task] = entry
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
