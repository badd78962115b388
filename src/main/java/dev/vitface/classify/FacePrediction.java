package dev.vitface.classify;

import dev.vitface.model.Task;

/** The three heads' predictions for one face crop: perceived age bin, gender and race group. */
public record FacePrediction(TaskPrediction age, TaskPrediction gender, TaskPrediction race) {

    public TaskPrediction get(Task task) {
        return switch (task) {
            case AGE -> age;
            case GENDER -> gender;
            case RACE -> race;
        };
    }
}
