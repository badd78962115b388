package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cudart.cudaStreamCaptureModeThreadLocal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/**
 * CUDA graphs of the whole forward pass, one per batch size, captured on first use and replayed
 * after: a ViT-L/14 pass is ~300 launches, and at small batches their CPU cost exceeds the GPU
 * work. Kernel arguments, cuBLAS's choices and the pinned staging addresses are frozen at
 * capture; that is sound because every buffer is allocated once for the largest batch. At most
 * {@code capacity} graphs are kept (least recently used dropped), so a run whose batch sizes vary
 * does not grow device memory.
 */
public final class GraphCache implements AutoCloseable {
    private final CUstream_st stream;
    private final int capacity;
    private final LinkedHashMap<Integer, CUgraphExec_st> graphs = new LinkedHashMap<>(8, 0.75f, true);

    public GraphCache(CUstream_st stream, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("graph cache capacity " + capacity);
        this.stream = stream;
        this.capacity = capacity;
    }

    /** Enqueues the graph for {@code batch} on the stream, capturing {@code enqueue} first if needed. */
    public void launch(int batch, Runnable enqueue) {
        CUgraphExec_st exec = graphs.get(batch);
        if (exec == null) {
            exec = capture(batch, enqueue);
            graphs.put(batch, exec);
            evictBeyondCapacity();
        }
        CudaChecks.cudart(cudart.cudaGraphLaunch(exec, stream), "cudaGraphLaunch(batch " + batch + ")");
    }

    private CUgraphExec_st capture(int batch, Runnable enqueue) {
        // Thread-local: a CUDA call from another thread cannot invalidate this capture.
        CudaChecks.cudart(cudart.cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal),
                "cudaStreamBeginCapture(batch " + batch + ")");
        CUgraph_st graph = new CUgraph_st();
        try {
            enqueue.run();
        } catch (RuntimeException e) {
            // End the capture so the stream is usable again; the capture's own status is moot now.
            if (cudart.cudaStreamEndCapture(stream, graph) == cudart.cudaSuccess && !graph.isNull()) cudart.cudaGraphDestroy(graph);
            throw e;
        }
        CudaChecks.cudart(cudart.cudaStreamEndCapture(stream, graph), "cudaStreamEndCapture(batch " + batch + ")");
        try {
            CUgraphExec_st exec = new CUgraphExec_st();
            CudaChecks.cudart(cudart.cudaGraphInstantiate(exec, graph, 0L), "cudaGraphInstantiate(batch " + batch + ")");
            return exec;
        } finally {
            CudaChecks.cudart(cudart.cudaGraphDestroy(graph), "cudaGraphDestroy(batch " + batch + ")");
        }
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<Integer, CUgraphExec_st>> it = graphs.entrySet().iterator();
        while (graphs.size() > capacity && it.hasNext()) {
            Map.Entry<Integer, CUgraphExec_st> eldest = it.next();
            it.remove();
            CudaChecks.cudart(cudart.cudaGraphExecDestroy(eldest.getValue()), "cudaGraphExecDestroy(batch " + eldest.getKey() + ")");
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Map.Entry<Integer, CUgraphExec_st> e : graphs.entrySet()) {
            int status = cudart.cudaGraphExecDestroy(e.getValue());
            if (status != cudart.cudaSuccess && first == null) {
                first = CudaChecks.cudartError(status, "cudaGraphExecDestroy(batch " + e.getKey() + ")");
            }
        }
        graphs.clear();
        if (first != null) throw first;
    }
}
