// Reads the raw logits of a node-llama-cpp context as a Float32Array.
//
// node-llama-cpp 3.21.1 returns a next-token distribution only as a JS Map built one entry at a time,
// which costs several forward passes on a 32k vocabulary. This addon takes the llama_context that
// node-llama-cpp's own AddonContext holds (its class comes from the headers node-llama-cpp ships, so
// the layout is the one it was compiled with) and copies one row of logits. It links the same
// libllama that node-llama-cpp has already loaded, found by its soname.
#include <cstring>
#include "AddonContext.h"

namespace {

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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
    exports.Set("describe", Napi::Function::New(env, Describe));
    exports.Set("check", Napi::Function::New(env, Check));
    exports.Set("logits", Napi::Function::New(env, Logits));
    return exports;
}

}  // namespace

NODE_API_MODULE(decoding_lab_logits, Init)
