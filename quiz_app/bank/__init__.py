"""The question format: models, loading and validation. Imports neither textual nor sympy.

Import the submodules directly (`quiz_app.bank.loader`, `quiz_app.bank.models`): this
package module stays empty so that touching it never drags pydantic onto the app's start
path.
"""
