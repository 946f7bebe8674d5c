"""Piccolo's configuration module (PICCOLO_CONF=hub.piccolo_conf), used by its migration tools."""

import os

from piccolo.conf.apps import AppRegistry

from hub.db import make_engine
from hub.settings import Settings

DB = make_engine(Settings.from_env(os.environ))

APP_REGISTRY = AppRegistry(apps=["hub.piccolo_app"])
