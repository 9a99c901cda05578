"""The app's HTML forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """User name and password."""

    username = StringField("User name", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ImportForm(FlaskForm):
    """Two text files: the Chinese original and its English translation."""

    zh_file = FileField("Chinese original", validators=[FileRequired("Choose the Chinese file.")])
    en_file = FileField(
        "English translation", validators=[FileRequired("Choose the English file.")]
    )
