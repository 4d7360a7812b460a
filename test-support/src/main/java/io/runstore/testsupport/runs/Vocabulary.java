package io.runstore.testsupport.runs;

/** Words the generated runs are written with: pipeline, step and metric names, code and message fragments. */
final class Vocabulary {

    static final String[] PIPELINES = {
            "train-resnet50", "xgboost-tuning", "tfx-taxi", "bert-finetune", "data-validation", "feature-store-sync",
            "llm-eval", "kmeans-segmentation", "automl-tabular", "batch-scoring", "prophet-forecast", "yolo-detector"};

    static final String[] STEPS = {
            "ingest", "validate", "split", "transform", "featurize", "train", "tune", "evaluate", "explain", "register",
            "deploy", "export", "preprocess", "augment", "score", "compare", "notify", "cleanup", "profile", "sample"};

    static final String[] WORDS = {
            "dataset", "model", "metrics", "features", "labels", "batch", "epoch", "learning", "rate", "optimizer",
            "loss", "accuracy", "checkpoint", "artifact", "schema", "statistics", "anomalies", "split", "train", "test",
            "validation", "config", "params", "output", "input", "path", "bucket", "table", "column", "window",
            "threshold", "weights", "layer", "dropout", "embedding", "tokenizer", "vocab", "sequence", "horizon",
            "seasonality", "cluster", "centroid", "score", "baseline", "candidate", "registry", "endpoint", "version"};

    static final String[] LIBRARIES = {
            "numpy", "pandas", "sklearn", "xgboost", "torch", "tensorflow", "transformers", "pyarrow", "google.cloud",
            "boto3", "kfp", "mlflow", "prophet", "lightgbm", "scipy", "datasets"};

    static final String[] IMAGES = {
            "python:3.11", "gcr.io/ml-pipeline/kfp-driver:2.3.0", "gcr.io/ml-pipeline/kfp-launcher:2.3.0",
            "pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime", "tensorflow/tensorflow:2.16.1", "ghcr.io/acme/trainer:1.8.2",
            "us-docker.pkg.dev/vertex-ai/training/xgboost-cpu.2-1:latest", "ghcr.io/acme/feature-sync:0.14.0"};

    static final String[] METRICS = {"accuracy", "loss", "f1-score", "auc", "precision", "recall", "rmse"};

    static final String[] FAILURES = {
            "OOMKilled: container exceeded its memory limit", "failed to pull image: manifest unknown",
            "task evaluate failed: accuracy below threshold", "DeadlineExceeded: step ran longer than its timeout",
            "pod deleted during execution", "ValueError: could not convert string to float"};

    private Vocabulary() {
    }
}
