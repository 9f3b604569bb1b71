"""The paper (试卷) table the import wizard's tagging step and the paper dialog share, with its editors and the dialog."""
