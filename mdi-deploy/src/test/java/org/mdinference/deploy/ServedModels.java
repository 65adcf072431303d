package org.mdinference.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The models a Deployment's server answers for, read from its manifest as far as the tests need. */
final class ServedModels {

    /** Where the init container puts a model in Triton's repository layout. */
    static final Pattern TRITON_MODEL = Pattern.compile("/models/([A-Za-z0-9_.-]+)/1/model\\.onnx");
    static final String BUNDLED_ZOO = "/opt/mdi/zoo/fashion";

    private ServedModels() {
    }

    static Set<String> of(Deployment deployment) {
        Set<String> models = new LinkedHashSet<>();
        for (Container container : Pods.spec(deployment).getContainers()) {
            if (Pods.isMdi(container) && BUNDLED_ZOO.equals(ServeArgs.option(container.getArgs(), "--zoo")
                    .orElse(""))) {
                models.addAll(Zoos.members(Zoos.bundled()).keySet());
            }
            if (container.getCommand().equals(List.of("tritonserver"))) {
                models.addAll(tritonRepository(deployment));
            }
        }
        return models;
    }

    /** The models the init containers lay out as NAME/1/model.onnx. */
    static Set<String> tritonRepository(Deployment deployment) {
        Set<String> models = new LinkedHashSet<>();
        for (Container init : Pods.spec(deployment).getInitContainers()) {
            Matcher matcher = TRITON_MODEL.matcher(String.join(" ", init.getCommand()));
            while (matcher.find()) {
                models.add(matcher.group(1));
            }
        }
        return models;
    }
}
