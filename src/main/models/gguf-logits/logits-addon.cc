// Reads the raw logits of a node-llama-cpp context as a Float32Array.
//
// node-llama-cpp 3.21.1 returns a next-token distribution only as a JS Map built one entry at a time,
// which costs several forward passes on a 32k vocabulary. This addon takes the llama_context that
// node-llama-cpp's own AddonContext holds (its class comes from the headers node-llama-cpp ships, so
// the layout is the one it was compiled with) and copies one row of logits. It links the same
// libllama that node-llama-cpp has already loaded, found by its soname.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>
#include "AddonContext.h"

namespace {

// Σ exp(x) and Σ exp(x)·x over x = row[i] − m, 4 lanes at a time: glibc's scalar exp was most of the
// summary's cost on a 152k vocabulary. exp is computed as 2^n · p(r), x = n·ln2 + r with |r| ≤ ln2/2
// (Cody–Waite: n·LN2_HI is exact), p the degree-13 Taylor polynomial (truncation < 4e-18, rounding a few
// ulp: under 1e-15 relative to std::exp). Below −708 the result is taken as 0: exp(−708) < 4e-308 and z ≥ 1
// (the max contributes exp(0)), so such terms do not change either sum in double. A NaN stays NaN.
// The lanes are summed apart and added at the end, an order that differs from the JS's by rounding only.
// Used where the CPU has AVX2 and FMA; elsewhere the scalar loop runs.
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));

__attribute__((target("avx2,fma"))) void expSumsAvx2(const float* row, int32_t n, double m, double* zOut,
                                                       double* zxOut) {
    const v4d LOG2E = {1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634};
    const double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    const double SHIFT = 6755399441055744.0;  // 1.5 · 2^52: adding it rounds to an integer held in the low bits
    const double LOWEST = -708.0;
    v4d z = {0, 0, 0, 0};
    v4d zx = {0, 0, 0, 0};
    const int32_t full = n & ~3;
    float tail[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    std::memcpy(tail, row + full, sizeof(float) * (n - full));
    for (int32_t i = 0; i < n; i += 4) {
        v4f f;
        std::memcpy(&f, i < full ? row + i : tail, sizeof f);
        const v4d x = __builtin_convertvector(f, v4d) - m;
        const v4d xc = x < LOWEST ? LOWEST : x;  // −∞ and very low values, masked below; NaN passes
        const v4d t = xc * LOG2E + SHIFT;
        const v4d k = t - SHIFT;
        const v4d r = (xc - k * LN2_HI) - k * LN2_LO;
        v4d p = 1.0 / 6227020800.0 + r * 0.0;
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        const v4i scaleBits = (reinterpret_cast<const v4i&>(t) + 1023) << 52;
        v4d e = p * reinterpret_cast<const v4d&>(scaleBits);
        e = x < LOWEST ? 0.0 : e;
        z += e;
        zx += e * xc;
    }
    *zOut = (z[0] + z[1]) + (z[2] + z[3]);
    *zxOut = (zx[0] + zx[1]) + (zx[2] + zx[3]);
}

void expSums(const float* row, int32_t n, double m, double* zOut, double* zxOut) {
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2) return expSumsAvx2(row, n, m, zOut, zxOut);
    // Without AVX2 the 4-lane code (split into SSE2 halves) was slower than glibc's exp: in id order, as the JS.
    double z = 0;
    double zx = 0;
    for (int32_t i = 0; i < n; i++) {
        const double x = static_cast<double>(row[i]) - m;
        const double e = std::exp(x);
        z += e;
        if (e > 0) zx += e * x;
    }
    *zOut = z;
    *zxOut = zx;
}

AddonContext* unwrapContext(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsObject()) {
        Napi::TypeError::New(info.Env(), "expected node-llama-cpp's context addon object").ThrowAsJavaScriptException();
        return nullptr;
    }
    AddonContext* context = Napi::ObjectWrap<AddonContext>::Unwrap(info[0].As<Napi::Object>());
    if (context == nullptr || context->disposed || context->ctx == nullptr) {
        Napi::Error::New(info.Env(), "the llama.cpp context is not loaded or was disposed").ThrowAsJavaScriptException();
        return nullptr;
    }
    return context;
}

// Fields that the caller compares with what node-llama-cpp reports, before trusting the layout.
Napi::Value Describe(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsObject()) {
        Napi::TypeError::New(info.Env(), "expected node-llama-cpp's context addon object").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    AddonContext* context = Napi::ObjectWrap<AddonContext>::Unwrap(info[0].As<Napi::Object>());
    Napi::Object out = Napi::Object::New(info.Env());
    if (context == nullptr) return out;
    out.Set("batchSize", Napi::Number::New(info.Env(), context->context_params.n_batch));
    out.Set("threads", Napi::Number::New(info.Env(), context->context_params.n_threads));
    out.Set("loaded", Napi::Boolean::New(info.Env(), context->contextLoaded && context->ctx != nullptr));
    return out;
}

// Only called after Describe matched: these dereference the llama_context pointer.
Napi::Value Check(const Napi::CallbackInfo& info) {
    AddonContext* context = unwrapContext(info);
    if (context == nullptr) return info.Env().Undefined();
    const llama_vocab* vocab = llama_model_get_vocab(llama_get_model(context->ctx));
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("contextSize", Napi::Number::New(info.Env(), llama_n_ctx(context->ctx)));
    out.Set("vocabSize", Napi::Number::New(info.Env(), llama_vocab_n_tokens(vocab)));
    return out;
}

// logits(context, batchLogitIndex, out: Float32Array) — valid until the context decodes its next batch.
Napi::Value Logits(const Napi::CallbackInfo& info) {
    AddonContext* context = unwrapContext(info);
    if (context == nullptr) return info.Env().Undefined();
    if (info.Length() < 3 || !info[1].IsNumber() || !info[2].IsTypedArray()) {
        Napi::TypeError::New(info.Env(), "expected (context, batchLogitIndex, Float32Array)").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    Napi::TypedArray typed = info[2].As<Napi::TypedArray>();
    const int32_t vocabSize = llama_vocab_n_tokens(llama_model_get_vocab(llama_get_model(context->ctx)));
    if (typed.TypedArrayType() != napi_float32_array || typed.ElementLength() != static_cast<size_t>(vocabSize)) {
        Napi::TypeError::New(info.Env(), "expected a Float32Array of the vocabulary's size").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    const float* logits = llama_get_logits_ith(context->ctx, info[1].As<Napi::Number>().Int32Value());
    if (logits == nullptr) {
        Napi::Error::New(info.Env(), "llama.cpp has no logits at this batch index").ThrowAsJavaScriptException();
        return info.Env().Undefined();
    }
    Napi::Float32Array out = typed.As<Napi::Float32Array>();
    std::memcpy(out.Data(), logits, sizeof(float) * vocabSize);
    return info.Env().Undefined();
}

// Σ exp and the top ids.length entries of a row, as the core's summarizeLogits computes them:
// stats = [max, Σ exp(x − max), Σ exp(x − max)·(x − max)] (in double, see expSums) and the highest logits by
// partial selection, in ranking order (higher logit, then lower id). Returns how many top entries it wrote.
size_t summarizeRow(const float* out, int32_t vocabSize, int32_t* ids, float* top, size_t wanted, double* stats) {
    float max = -INFINITY;
    for (int32_t i = 0; i < vocabSize; i++) if (out[i] > max) max = out[i];

    // A min-heap of the best k so far: its front is the worst kept (lowest logit, then highest id).
    const size_t k = std::min(wanted, static_cast<size_t>(vocabSize));
    struct Entry { float logit; int32_t id; };
    // a "is better than" b: higher logit, then lower id.
    auto better = [](const Entry& a, const Entry& b) { return a.logit > b.logit || (a.logit == b.logit && a.id < b.id); };
    std::vector<Entry> heap;
    heap.reserve(k);
    const double m = max;
    double z = 0;
    double zx = 0;
    // A masked logit (−∞) has e = 0 and adds nothing to zx, where 0 · −∞ would give NaN.
    expSums(out, vocabSize, m, &z, &zx);
    for (int32_t i = 0; i < vocabSize && k > 0; i++) {
        const double x = static_cast<double>(out[i]) - m;
        // As the JS: only entries above −∞ relative to max compete (x > threshold, which starts at −∞).
        if (!(x > -INFINITY)) continue;
        if (heap.size() < k) {
            heap.push_back({out[i], i});
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (out[i] > heap.front().logit) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = {out[i], i};
            std::push_heap(heap.begin(), heap.end(), better);
        }
    }
    std::sort_heap(heap.begin(), heap.end(), better);
    for (size_t j = 0; j < heap.size(); j++) {
        ids[j] = heap[j].id;
        top[j] = heap[j].logit;
    }
    stats[0] = m;
    stats[1] = z;
    stats[2] = zx;
    return heap.size();
}

bool summaryArgsOk(const Napi::CallbackInfo& info, size_t first) {
    Napi::Env env = info.Env();
    Napi::TypedArray idsTyped = info[first].As<Napi::TypedArray>();
    Napi::TypedArray topTyped = info[first + 1].As<Napi::TypedArray>();
    Napi::TypedArray statsTyped = info[first + 2].As<Napi::TypedArray>();
    if (idsTyped.TypedArrayType() != napi_int32_array || topTyped.TypedArrayType() != napi_float32_array ||
        topTyped.ElementLength() != idsTyped.ElementLength() || statsTyped.TypedArrayType() != napi_float64_array ||
        statsTyped.ElementLength() != 3) {
        Napi::TypeError::New(env, "expected an Int32Array and a Float32Array of the same length, and a Float64Array of 3").ThrowAsJavaScriptException();
        return false;
    }
    return true;
}

Napi::Value writeSummary(const Napi::CallbackInfo& info, const float* row, int32_t vocabSize, size_t first) {
    Napi::TypedArray idsTyped = info[first].As<Napi::TypedArray>();
    const size_t count = summarizeRow(row, vocabSize, idsTyped.As<Napi::Int32Array>().Data(),
                                      info[first + 1].As<Napi::Float32Array>().Data(), idsTyped.ElementLength(),
                                      info[first + 2].As<Napi::Float64Array>().Data());
    return Napi::Number::New(info.Env(), static_cast<double>(count));
}

// The row of llama.cpp's logits at a batch index, or null after throwing.
const float* logitsAt(const Napi::CallbackInfo& info, AddonContext* context) {
    const float* logits = llama_get_logits_ith(context->ctx, info[1].As<Napi::Number>().Int32Value());
    if (logits == nullptr) Napi::Error::New(info.Env(), "llama.cpp has no logits at this batch index").ThrowAsJavaScriptException();
    return logits;
}

bool rowOk(const Napi::CallbackInfo& info, const Napi::Value& value, int32_t vocabSize) {
    if (!value.IsTypedArray()) return false;
    Napi::TypedArray row = value.As<Napi::TypedArray>();
    if (row.TypedArrayType() != napi_float32_array || row.ElementLength() != static_cast<size_t>(vocabSize)) {
        Napi::TypeError::New(info.Env(), "expected a Float32Array of the vocabulary's size").ThrowAsJavaScriptException();
        return false;
    }
    return true;
}

int32_t contextVocabSize(AddonContext* context) {
    return llama_vocab_n_tokens(llama_model_get_vocab(llama_get_model(context->ctx)));
}

// summary(context, batchLogitIndex, out: Float32Array, ids: Int32Array, top: Float32Array, stats: Float64Array)
// Copies the row as logits() does, then summarises it (summarizeRow).
Napi::Value Summary(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    AddonContext* context = unwrapContext(info);
    if (context == nullptr) return env.Undefined();
    if (info.Length() < 6 || !info[1].IsNumber() || !info[3].IsTypedArray() || !info[4].IsTypedArray() || !info[5].IsTypedArray()) {
        Napi::TypeError::New(env, "expected (context, batchLogitIndex, Float32Array, Int32Array, Float32Array, Float64Array)").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    const int32_t vocabSize = contextVocabSize(context);
    if (!rowOk(info, info[2], vocabSize) || !summaryArgsOk(info, 3)) return env.Undefined();
    const float* logits = logitsAt(info, context);
    if (logits == nullptr) return env.Undefined();
    float* out = info[2].As<Napi::Float32Array>().Data();
    std::memcpy(out, logits, sizeof(float) * vocabSize);
    return writeSummary(info, out, vocabSize, 3);
}

// The index of the highest value (the lower one on a tie; -1 when all are NaN or −∞). The maximum comes
// from eight independent lanes, which the compiler vectorises (a running best index cannot be), then the
// first index holding it: on 152k logits, 0.07 ms instead of 0.17 ms, on greedy's path between two decodes.
int32_t firstMaxIndex(const float* row, int32_t n) {
    constexpr int32_t kLanes = 8;
    float lane[kLanes];
    for (int32_t k = 0; k < kLanes; k++) lane[k] = -INFINITY;
    int32_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int32_t k = 0; k < kLanes; k++) lane[k] = row[i + k] > lane[k] ? row[i + k] : lane[k];
    }
    float max = -INFINITY;
    for (int32_t k = 0; k < kLanes; k++) max = lane[k] > max ? lane[k] : max;
    for (; i < n; i++) max = row[i] > max ? row[i] : max;
    if (max == -INFINITY) return -1;
    for (int32_t j = 0; j < n; j++) {
        if (row[j] == max) return j;
    }
    return -1;
}

// argmax(context, batchLogitIndex, out: Float32Array): copies the row and returns its most probable token
// (the highest logit, the lower id on a tie; -1 when every logit is NaN or −∞). Greedy's evaluation ahead
// needs only this before llama.cpp decodes the next token; the row is summarised meanwhile (rowSummary).
Napi::Value Argmax(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    AddonContext* context = unwrapContext(info);
    if (context == nullptr) return env.Undefined();
    if (info.Length() < 3 || !info[1].IsNumber()) {
        Napi::TypeError::New(env, "expected (context, batchLogitIndex, Float32Array)").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    const int32_t vocabSize = contextVocabSize(context);
    if (!rowOk(info, info[2], vocabSize)) return env.Undefined();
    const float* logits = logitsAt(info, context);
    if (logits == nullptr) return env.Undefined();
    float* out = info[2].As<Napi::Float32Array>().Data();
    std::memcpy(out, logits, sizeof(float) * vocabSize);
    return Napi::Number::New(env, firstMaxIndex(out, vocabSize));
}

// rowSummary(row: Float32Array, ids: Int32Array, top: Float32Array, stats: Float64Array): summary() of a row
// already copied.
Napi::Value RowSummary(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 4 || !info[0].IsTypedArray() || !info[1].IsTypedArray() || !info[2].IsTypedArray() || !info[3].IsTypedArray()) {
        Napi::TypeError::New(env, "expected (Float32Array, Int32Array, Float32Array, Float64Array)").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    Napi::TypedArray row = info[0].As<Napi::TypedArray>();
    if (row.TypedArrayType() != napi_float32_array) {
        Napi::TypeError::New(env, "expected a Float32Array row").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    if (!summaryArgsOk(info, 1)) return env.Undefined();
    return writeSummary(info, row.As<Napi::Float32Array>().Data(), static_cast<int32_t>(row.ElementLength()), 1);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
    exports.Set("describe", Napi::Function::New(env, Describe));
    exports.Set("check", Napi::Function::New(env, Check));
    exports.Set("logits", Napi::Function::New(env, Logits));
    exports.Set("summary", Napi::Function::New(env, Summary));
    exports.Set("argmax", Napi::Function::New(env, Argmax));
    exports.Set("rowSummary", Napi::Function::New(env, RowSummary));
    return exports;
}

}  // namespace

NODE_API_MODULE(decoding_lab_logits, Init)
