"""What shows the class: the welcome page, the workspace and its tabs (class, student, grade, 讲评, 分层), their table models."""
