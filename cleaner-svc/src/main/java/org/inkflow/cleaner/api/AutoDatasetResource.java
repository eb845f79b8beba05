package org.inkflow.cleaner.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.inkflow.cleaner.datasets.AutoDatasetTrigger;

/** The continuous-dataset policy's state: its settings, new samples waiting, the latest and the building version. */
@Path("/auto-dataset")
@Produces(MediaType.APPLICATION_JSON)
public class AutoDatasetResource {

    private final AutoDatasetTrigger trigger;

    public AutoDatasetResource(AutoDatasetTrigger trigger) {
        this.trigger = trigger;
    }

    @GET
    public AutoDatasetTrigger.View get() {
        return trigger.view();
    }
}
