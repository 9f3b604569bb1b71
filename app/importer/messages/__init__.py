"""Every message the importer shows the teacher, in Chinese and English: `messages.X` whichever module holds it.

Constants in CAPITALS are also the names of rules: the problem log counts problems per rule
and folds the ones past its cap into a single "and N more like this: <rule>".
"""

from app.importer.messages.files import *  # noqa: F403
from app.importer.messages.package import *  # noqa: F403
from app.importer.messages.sheets import *  # noqa: F403
from app.importer.messages.term import *  # noqa: F403
