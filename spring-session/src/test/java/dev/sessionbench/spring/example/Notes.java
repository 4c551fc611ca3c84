package dev.sessionbench.spring.example;

import java.util.ArrayList;
import java.util.List;

/** The notes a signed-in user posted: a record registered in sessionbench.session.attribute-types. */
public record Notes(List<String> items) {

    public Notes {
        items = List.copyOf(items);
    }

    public static Notes none() {
        return new Notes(List.of());
    }

    public Notes with(String note) {
        List<String> more = new ArrayList<>(items);
        more.add(note);
        return new Notes(more);
    }
}
