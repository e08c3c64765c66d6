"""ecgmon model: PTB-XL training, feature spec, ONNX export."""
