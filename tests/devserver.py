"""Serve a throwaway copy of Timbang with demo data, for screenshots and browser tests.

    .venv/bin/python -m tests.devserver --port 5001 [--db /tmp/x.db]

The schema comes from the models (create_all), as in tests; `make run` uses the migrations.
"""
import argparse
import os
import tempfile


def build_app(db_path=None, extra_config=None):
    from config import TestConfig
    from consult import create_app
    from consult.demo import load_demo
    from consult.extensions import db

    path = db_path or os.path.join(tempfile.mkdtemp(prefix="timbang-dev-"), "dev.db")
    url = os.environ.get("TIMBANG_DEVSERVER_DATABASE_URL", f"sqlite:///{path}")

    class Config(TestConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    if extra_config:
        app.config.update(extra_config)
    with app.app_context():
        db.create_all()
        from consult.demo import database_is_empty
        if database_is_empty():
            load_demo()
    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--db")
    args = parser.parse_args()
    app = build_app(args.db)
    app.run(host="127.0.0.1", port=args.port, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
