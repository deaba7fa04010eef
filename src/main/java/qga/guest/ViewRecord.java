package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import qga.json.JsonCodec;

/** One record of a view, with its JSON form: the same members every time, null where the agent had nothing. */
public interface ViewRecord {
    JsonObject json();

    /** A view of many records as one JSON array, on one line. */
    static String jsonText(List<? extends ViewRecord> records) {
        JsonArray array = new JsonArray();
        records.forEach(record -> array.add(record.json()));
        return JsonCodec.compact(array) + "\n";
    }

    /** A view of one record as one JSON object, on one line. */
    static String jsonText(ViewRecord record) {
        return JsonCodec.compact(record.json()) + "\n";
    }
}
