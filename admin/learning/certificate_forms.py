"""The certificate lookup: a code typed from a printed certificate."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp


class CodeForm(FlaskForm):
    """A GET form, so no CSRF token: looking up changes nothing (it is audited)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Verification code"),
        description=_l("It is on the certificate, for example ABCDE-FGHIJ. Dashes and spaces "
                       "do not matter."),
        filters=[lambda value: value.strip() if value else value],
        validators=[DataRequired(_l("Write the verification code from the certificate.")),
                    Length(max=40, message=_l("The code is 10 letters and digits. Check it "
                                              "and try again.")),
                    Regexp(r"^[A-Za-z0-9 -]+$", message=_l(
                        "Use only the letters and digits of the code."))])
