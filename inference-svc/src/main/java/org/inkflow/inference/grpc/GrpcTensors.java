package org.inkflow.inference.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.inkflow.inference.grpc.v2.InferParameter;
import org.inkflow.inference.grpc.v2.InferTensorContents;
import org.inkflow.inference.grpc.v2.ModelInferRequest;
import org.inkflow.inference.grpc.v2.ModelInferResponse;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorContract;
import org.inkflow.inference.service.TensorRequest;
import org.inkflow.inference.service.TensorResponse;

/**
 * The v2 gRPC protocol's tensors to and from the service's {@link TensorRequest} / {@link TensorResponse}: FP32 data
 * in {@code contents.fp32_contents} or, little-endian and row-major, in {@code raw_input_contents}. The output is
 * raw ({@code raw_output_contents}) when the request sent raw input or asked for it with the binary data extension's
 * parameters ({@code binary_data_output} on the request, {@code binary_data} on the output, which wins), else
 * {@code fp32_contents}. Plain protobuf, no gRPC: a refusal is a {@link RejectedRequestException} like REST's.
 */
public final class GrpcTensors {

    /** The request-level parameter asking for every output as raw bytes (as the binary data extension's). */
    public static final String BINARY_OUTPUT = "binary_data_output";
    /** The output-level parameter asking for this output as raw bytes. */
    public static final String BINARY_DATA = "binary_data";

    /** A read request: the tensor, and whether the answer carries raw bytes. */
    public record Parsed(TensorRequest tensor, boolean rawOutput) {
    }

    private GrpcTensors() {
    }

    /** Reads and checks {@code request}'s one input; says what is wrong (400 {@code bad_request}) otherwise. */
    public static Parsed read(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            throw bad("the request has no inputs; send one tensor named '" + TensorContract.INPUT + "', "
                    + TensorContract.DATATYPE + ", shape [N,H,W,1]");
        }
        if (request.getInputsCount() > 2) {
            throw bad("the request has " + request.getInputsCount() + " inputs; this model takes '"
                    + TensorContract.INPUT + "' and, for a hint model, optionally '" + TensorContract.HINTS + "'");
        }
        Boolean outputBinary = null;
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            if (!TensorContract.OUTPUT.equals(output.getName())) {
                throw bad("unknown output '" + output.getName() + "'; this model gives '" + TensorContract.OUTPUT + "'");
            }
            Boolean own = bool(output.getParametersMap(), BINARY_DATA);
            if (own != null) {
                outputBinary = own;
            }
        }
        Boolean requestBinary = bool(request.getParametersMap(), BINARY_OUTPUT);

        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw bad("raw_input_contents has " + request.getRawInputContentsCount() + " entries; it needs one per"
                    + " input, and the request has " + request.getInputsCount());
        }
        List<String> names = new ArrayList<>();
        TensorContract.checkNames(request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName)
                .toList());
        List<long[]> shapes = new ArrayList<>();
        List<float[]> data = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
            long expected = TensorContract.checkInput(input.getName(), input.getDatatype(), shape);
            data.add(raw ? rawData(request, i, input, shape, expected) : fp32Data(input, shape, expected));
            names.add(input.getName());
            shapes.add(shape);
        }
        String id = request.getId().isEmpty() ? null : request.getId();
        boolean rawOutput = outputBinary != null ? outputBinary : requestBinary != null ? requestBinary : raw;
        return new Parsed(TensorContract.request(id, names, shapes, data), rawOutput);
    }

    private static float[] rawData(ModelInferRequest request, int index, ModelInferRequest.InferInputTensor input,
                                   long[] shape, long expected) {
        if (hasContents(input.getContents())) {
            throw bad("input '" + input.getName() + "' has both contents and raw_input_contents; send one of them");
        }
        ByteString bytes = request.getRawInputContents(index);
        if (bytes.size() != expected * Float.BYTES) {
            throw bad("raw_input_contents[" + index + "] has " + bytes.size() + " bytes but input '" + input.getName()
                    + "' of shape " + Arrays.toString(shape) + " needs " + expected * Float.BYTES + " ("
                    + expected + " " + TensorContract.DATATYPE + " values, 4 bytes each, little-endian)");
        }
        float[] data = new float[(int) expected]; // [N, H, W, C] row-major
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return data;
    }

    private static float[] fp32Data(ModelInferRequest.InferInputTensor input, long[] shape, long expected) {
        InferTensorContents contents = input.getContents();
        if (hasOtherContents(contents)) {
            throw bad("input '" + input.getName() + "' is " + TensorContract.DATATYPE
                    + ": send its values in contents.fp32_contents (or raw_input_contents), not another type's field");
        }
        int count = contents.getFp32ContentsCount();
        if (count == 0) {
            throw bad("input '" + input.getName() + "' has no data; send contents.fp32_contents or"
                    + " raw_input_contents");
        }
        if (count != expected) {
            throw bad("input '" + input.getName() + "' has shape " + Arrays.toString(shape) + " = " + expected
                    + " values but " + count + " in contents.fp32_contents");
        }
        float[] data = new float[count]; // [N, H, W, C] row-major
        for (int i = 0; i < count; i++) {
            data[i] = contents.getFp32Contents(i);
        }
        return data;
    }

    private static boolean hasContents(InferTensorContents c) {
        return c.getFp32ContentsCount() > 0 || hasOtherContents(c);
    }

    private static boolean hasOtherContents(InferTensorContents c) {
        return c.getBoolContentsCount() > 0 || c.getIntContentsCount() > 0 || c.getInt64ContentsCount() > 0
                || c.getUintContentsCount() > 0 || c.getUint64ContentsCount() > 0 || c.getFp64ContentsCount() > 0
                || c.getBytesContentsCount() > 0;
    }

    /** A boolean parameter, null when absent; any other kind of value is refused. */
    private static Boolean bool(Map<String, InferParameter> parameters, String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return null;
        }
        if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw bad("parameter " + name + " must be a bool_param");
        }
        return p.getBoolParam();
    }

    private static RejectedRequestException bad(String message) {
        return new RejectedRequestException(400, "bad_request", message);
    }

    /** The protocol's answer for {@code r}: output {@code rgb} FP32 {@code [n, h, w, 3]}, raw or in fp32_contents. */
    public static ModelInferResponse write(TensorResponse r, boolean raw) {
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(TensorContract.OUTPUT).setDatatype(TensorContract.DATATYPE)
                .addShape(r.n()).addShape(r.height()).addShape(r.width()).addShape(3);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(r.modelName()).setModelVersion(r.modelVersion());
        if (r.id() != null) {
            response.setId(r.id());
        }
        float[] rgb = r.rgb(); // [n, h, w, 3] row-major
        if (raw) {
            ByteBuffer bytes = ByteBuffer.allocate(rgb.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(rgb);
            // The buffer is ours alone and never written again, so protobuf may keep it without a copy.
            response.addOutputs(output).addRawOutputContents(UnsafeByteOperations.unsafeWrap(bytes.array()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (float v : rgb) {
                contents.addFp32Contents(v);
            }
            response.addOutputs(output.setContents(contents));
        }
        return response.build();
    }
}
