"""The territory's models, taken over from patrols with their rows: nothing is created.

``patrols/0006_territory_tables`` renamed the tables to the names these models have here, so this
migration only tells Django the models now live in ``territory`` (state), and moves their content
types along: the permission rows and admin log entries that point at them follow, under
``territory.*`` (``territory.change_responsibilityunit``), instead of being orphaned beside new ones.
On a new database there are no content types yet and the move finds nothing to do.
"""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

MODELS = ("responsibilityunit", "unitmembership")


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "patrols", "territory")


def backwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "territory", "patrols")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('patrols', '0006_territory_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ResponsibilityUnit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('county', 'County bureau'), ('township', 'Township'), ('village', 'Village'), ('department', 'Collaborating department'), ('office', 'Leading group office'), ('leading_group', 'Leading group')], max_length=20, verbose_name='kind')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('code', models.CharField(help_text='Administrative or internal code, unique.', max_length=32, unique=True, verbose_name='code')),
                    ('path', models.CharField(db_index=True, editable=False, max_length=255, verbose_name='path')),
                    ('contact_person', models.CharField(blank=True, max_length=50, verbose_name='contact person')),
                    ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                    ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                    ('letterhead', models.CharField(blank=True, max_length=100, verbose_name='letterhead')),
                    ('document_prefix', models.CharField(blank=True, max_length=20, verbose_name='document number prefix')),
                    ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='latitude')),
                    ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='longitude')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('is_demo', models.BooleanField(default=False, help_text='Invented for the demonstration, not a real unit.', verbose_name='demo data')),
                    ('sort_order', models.PositiveIntegerField(default=0, verbose_name='sort order')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='territory.responsibilityunit', verbose_name='parent unit')),
                    ('township', models.ForeignKey(blank=True, editable=False, help_text='The township this unit belongs to (itself for a township); derived from the tree.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='township')),
                ],
                options={
                    'verbose_name': 'responsibility unit',
                    'verbose_name_plural': 'responsibility units',
                    'ordering': ['path'],
                },
            ),
            migrations.CreateModel(
                name='UnitMembership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('county', 'County bureau'), ('leader', 'Leading group'), ('office', 'Leading group office'), ('officer', 'Joint enforcement officer'), ('coordinator', 'Village coordinator')], max_length=20, verbose_name='role')),
                    ('post', models.CharField(blank=True, help_text='For example 组长, 副组长, 所长.', max_length=50, verbose_name='post')),
                    ('active', models.BooleanField(default=True, verbose_name='active')),
                    ('since', models.DateField(blank=True, null=True, verbose_name='since')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='territory.responsibilityunit', verbose_name='unit')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'verbose_name': 'unit membership',
                    'verbose_name_plural': 'unit memberships',
                    'ordering': ['unit__path', 'role', 'user__username'],
                },
            ),
            migrations.AddIndex(
                model_name='responsibilityunit',
                index=models.Index(fields=['kind', 'township'], name='unit_kind_township_idx'),
            ),
            migrations.AddConstraint(
                model_name='unitmembership',
                constraint=models.UniqueConstraint(fields=('user', 'unit', 'role'), name='membership_unique_user_unit_role'),
            ),
        ]),
        migrations.RunPython(forwards, backwards),
    ]
