package dev.vitface.classify;

import dev.vitface.model.Task;
import java.util.EnumMap;
import java.util.Map;

/** The three heads' predictions for one face crop: perceived age bin, gender and race group. */
public record FacePrediction(TaskPrediction age, TaskPrediction gender, TaskPrediction race) {

    public TaskPrediction get(Task task) {
        return switch (task) {
            case AGE -> age;
            case GENDER -> gender;
            case RACE -> race;
        };
    }

    public Map<Task, TaskPrediction> asMap() {
        Map<Task, TaskPrediction> m = new EnumMap<>(Task.class);
        for (Task t : Task.values()) m.put(t, get(t));
        return m;
    }
}
