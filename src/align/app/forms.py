"""The app's HTML forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """User name and password."""

    username = StringField("User name", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


LANGUAGES = [SelectChoice("zh", "Chinese"), SelectChoice("en", "English")]


class ImportForm(FlaskForm):
    """Two text files, the original and its translation, each with its language."""

    src_file = FileField("Original", validators=[FileRequired("Choose the original's file.")])
    src_lang = SelectField("Language of the original", choices=LANGUAGES, default="zh")
    tgt_file = FileField("Translation", validators=[FileRequired("Choose the translation's file.")])
    tgt_lang = SelectField("Language of the translation", choices=LANGUAGES, default="en")
