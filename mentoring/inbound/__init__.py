"""Mail that comes back: calendar answers, replies, bounces and auto-replies read and acted on."""
